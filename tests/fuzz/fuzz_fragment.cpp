// libFuzzer target: a share link's URL fragment (core/include/w2t/fragment.hpp).
// Any bytes decode or are refused with an error naming the key; whatever
// decodes re-encodes to a fragment that decodes to the same pairs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "w2t/fragment.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto pairs = w2t::decode_fragment(text);
    if (!pairs) {
        if (pairs.error().message.empty()) std::abort();  // every refusal says why
        return 0;
    }
    const std::string again = w2t::encode_fragment(*pairs);
    const auto back = w2t::decode_fragment(again);
    if (!back || *back != *pairs) std::abort();  // the round trip must hold
    return 0;
}
