#pragma once
// The `w2t` command line, as a function so tests can run it in-process.
// Exit codes: 0 success, 1 data or runtime error, 3 a --gate failed,
// 2 usage (unknown command/option, bad or out-of-range argument).
#include <iosfwd>
#include <string>
#include <vector>

namespace w2t::cli {

enum ExitCode : int { kOk = 0, kDataError = 1, kUsageError = 2, kGateFailed = 3 };

int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err);

}  // namespace w2t::cli
