# Writes OUT (a C++ header) with one string constant per GLSL file in SHADER_DIR.
# Usage: cmake -DSHADER_DIR=... -DOUT=... -P embed_shaders.cmake
file(GLOB shaders RELATIVE ${SHADER_DIR} ${SHADER_DIR}/*.vert ${SHADER_DIR}/*.frag)
list(SORT shaders)
set(body "// Generated from shaders/ at build time; do not edit.\n#pragma once\n\nnamespace w2t::shaders {\n")
foreach(name ${shaders})
  file(READ ${SHADER_DIR}/${name} text)
  string(MAKE_C_IDENTIFIER ${name} ident)
  string(APPEND body "inline constexpr const char* ${ident} = R\"GLSL(${text})GLSL\";\n")
endforeach()
string(APPEND body "}  // namespace w2t::shaders\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
