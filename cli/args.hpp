#pragma once
// A small command-line parser: `--name value`, `--name=value` and flags.
// Every failure names the argument, so the CLI can exit 2 with a clear message.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "w2t/result.hpp"

namespace w2t::cli {

struct OptionSpec {
    std::string name;        // without the leading "--"
    std::string value_name;  // empty for a flag
    std::string help;
    bool repeatable = false;  // may be given more than once (see ParsedArgs::all)
};

class ParsedArgs {
public:
    bool has(const std::string& name) const { return values_.count(name) > 0; }
    std::optional<std::string> get(const std::string& name) const;
    // Every value of a repeatable option, in order.
    std::vector<std::string> all(const std::string& name) const;
    // A finite number, or an error naming the option.
    std::optional<Result<double>> number(const std::string& name) const;

    std::map<std::string, std::vector<std::string>> values_;
};

Result<ParsedArgs> parse_args(const std::vector<std::string>& args,
                              const std::vector<OptionSpec>& specs);

std::string options_help(const std::vector<OptionSpec>& specs);

}  // namespace w2t::cli
