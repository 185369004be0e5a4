#include "args.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace w2t::cli {

std::optional<std::string> ParsedArgs::get(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second.front();
}

std::vector<std::string> ParsedArgs::all(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::optional<Result<double>> ParsedArgs::number(const std::string& name) const {
    auto text = get(name);
    if (!text) return std::nullopt;
    const char* begin = text->c_str();
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(begin, &end);
    if (text->empty() || end != begin + text->size() || errno == ERANGE || !std::isfinite(v))
        return Result<double>(Error{"--" + name, "expected a finite number, got '" + *text + "'"});
    // strtod also reads hexadecimal ("0x1A" = 26): a number typed here is decimal.
    if (text->find_first_of("xX") != std::string::npos)
        return Result<double>(Error{"--" + name, "expected a decimal number, got '" + *text + "'"});
    return Result<double>(v);
}

Result<ParsedArgs> parse_args(const std::vector<std::string>& args,
                              const std::vector<OptionSpec>& specs) {
    ParsedArgs parsed;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0 || arg.size() == 2)
            return Error{arg, "unexpected argument (options start with --)"};
        std::string name = arg.substr(2), value;
        bool has_inline_value = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            has_inline_value = true;
        }
        const OptionSpec* spec = nullptr;
        for (const auto& s : specs)
            if (s.name == name) spec = &s;
        if (!spec) return Error{"--" + name, "unknown option (see --help)"};
        if (parsed.has(name) && !spec->repeatable) return Error{"--" + name, "given more than once"};
        if (spec->value_name.empty()) {
            if (has_inline_value) return Error{"--" + name, "takes no value"};
        } else if (!has_inline_value) {
            if (i + 1 >= args.size()) return Error{"--" + name, "needs a value <" + spec->value_name + ">"};
            value = args[++i];
        }
        parsed.values_[name].push_back(value);
    }
    return parsed;
}

std::string options_help(const std::vector<OptionSpec>& specs) {
    std::string out;
    for (const auto& s : specs) {
        std::string left = "  --" + s.name + (s.value_name.empty() ? "" : " <" + s.value_name + ">");
        if (left.size() < 30) left.resize(30, ' ');
        else left += "\n" + std::string(30, ' ');
        out += left + s.help + "\n";
    }
    return out;
}

}  // namespace w2t::cli
