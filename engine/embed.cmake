# Writes the Lua file IN as a C++ string constant into OUT.
file(READ ${IN} CONTENT)
set(DELIM "cfp_lua_")
file(WRITE ${OUT} "namespace cfp { extern const char* const kPreludeLua; const char* const kPreludeLua = R\"${DELIM}(${CONTENT})${DELIM}\"; }\n")
