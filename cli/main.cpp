#include <iostream>

#include "cli.hpp"

int main(int argc, char** argv) {
    return w2t::cli::run({argv + 1, argv + argc}, std::cin, std::cout, std::cerr);
}
