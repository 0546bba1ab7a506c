# Writes the text file IN as a C++ string constant into OUT:
#   namespace cfp { extern const char* const NAME; }   (NAME default: kPreludeLua)
file(READ ${IN} CONTENT)
if(NOT NAME)
  set(NAME kPreludeLua)
endif()
set(DELIM "cfp_lua_")
file(WRITE ${OUT} "namespace cfp { extern const char* const ${NAME}; const char* const ${NAME} = R\"${DELIM}(${CONTENT})${DELIM}\"; }\n")
