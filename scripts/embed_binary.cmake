# Writes OUT (a C++ header) holding the bytes of IN as `NAME` (+ NAME_size).
# Usage: cmake -DIN=... -DOUT=... -DNAME=... -P embed_binary.cmake
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){24})" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT}.tmp "// Generated at build time from ${IN}; do not edit.\n#pragma once\n#include <cstddef>\n\n"
     "namespace w2t::embedded {\ninline constexpr unsigned char ${NAME}[] = {\n${bytes}\n};\n"
     "inline constexpr std::size_t ${NAME}_size = ${size};\n}  // namespace w2t::embedded\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
