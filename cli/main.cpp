#include <iostream>

#include "cli.hpp"

int main(int argc, char** argv) {
    // The CLI uses iostreams only: unsynced, they read JSON Lines several times faster.
    std::ios::sync_with_stdio(false);
    return w2t::cli::run({argv + 1, argv + argc}, std::cin, std::cout, std::cerr);
}
