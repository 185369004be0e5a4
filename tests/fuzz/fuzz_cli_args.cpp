// libFuzzer target: the CLI argument parser (cli/args.hpp), then the whole
// in-process CLI (cli/cli.hpp) for the commands that neither touch the network
// nor run long (dpw, estimate, supply, cost).
//
// Input: arguments separated by NUL bytes; after a second NUL in a row, the
// rest is stdin (for `--scenario -`, `--input -`, `--jsonl`).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "args.hpp"
#include "cli.hpp"

namespace {

const std::vector<w2t::cli::OptionSpec> kSpecs = {
    {"die-width-mm", "MM", "a number"},
    {"pretty", "", "a flag"},
    {"gate", "EXPR", "repeatable", true},
    {"scenario", "FILE", "a path"},
    {"help", "", "a flag"},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string_view stdin_text;
    if (auto sep = text.find(std::string_view("\0\0", 2)); sep != std::string_view::npos) {
        stdin_text = text.substr(sep + 2);
        text = text.substr(0, sep);
    }
    std::vector<std::string> args;
    for (std::size_t pos = 0; pos <= text.size();) {
        const auto nul = text.find('\0', pos);
        const auto end = nul == std::string_view::npos ? text.size() : nul;
        args.emplace_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    if (args.size() > 64) return 0;

    if (auto parsed = w2t::cli::parse_args(args, kSpecs)) {
        for (const auto& s : kSpecs) {
            (void)parsed->get(s.name);
            (void)parsed->all(s.name);
            (void)parsed->number(s.name);
        }
    }
    (void)w2t::cli::options_help(kSpecs);

    // The real commands. No paths (a '/' could name /dev/zero), nothing slow or networked.
    if (args.empty()) return 0;
    static const std::string_view kAllowed[] = {"dpw", "estimate", "supply", "cost"};
    bool allowed = false;
    for (auto c : kAllowed) allowed = allowed || args.front() == c;
    if (!allowed) return 0;
    for (const auto& a : args)
        if (a.find('/') != std::string::npos || a.find("..") != std::string::npos) return 0;
    for (std::size_t i = 1; i < args.size(); ++i) {
        // File options only read stdin here; anything else could be a file in the working folder.
        const std::string file_flag = args.front() == "dpw" ? "--scenario" : "--input";
        const bool file_option = args[i] == file_flag || args[i].rfind(file_flag + "=", 0) == 0;
        if (file_option && args[i].find('=') != std::string::npos && args[i].substr(args[i].find('=') + 1) != "-")
            return 0;
        if (file_option && args[i].find('=') == std::string::npos && i + 1 < args.size() && args[i + 1] != "-")
            return 0;
    }
    std::istringstream in{std::string(stdin_text)};
    std::ostringstream out, err;
    (void)w2t::cli::run(args, in, out, err);
    return 0;
}
