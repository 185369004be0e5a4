#pragma once
// Runs the `w2t` command line in-process, as the CLI tests do: exit code, stdout, stderr.
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"

namespace w2t::test {

struct CliRun {
    int code;
    std::string out, err;
};

inline CliRun run_cli(const std::vector<std::string>& args, const std::string& stdin_text = "") {
    std::istringstream in(stdin_text);
    std::ostringstream out, err;
    const int code = w2t::cli::run(args, in, out, err);
    return {code, out.str(), err.str()};
}

}  // namespace w2t::test
