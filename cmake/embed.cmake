# sg_embed(OUT "DIR=PREFIX" ...): compile every file below each DIR into one C
# table, served under PREFIX (src/bytes/embedded.h), so the dashboard ships as
# one binary. Re-runs when any asset changes.
function(sg_embed out)
  set(deps "")
  set(spec "")
  foreach(pair ${ARGN})
    string(REPLACE "=" ";" parts "${pair}")
    list(GET parts 0 dir)
    file(GLOB_RECURSE files CONFIGURE_DEPENDS ${dir}/*)
    list(APPEND deps ${files})
    if(spec)
      string(APPEND spec "|")
    endif()
    string(APPEND spec "${pair}")
  endforeach()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} "-DSPEC=${spec}" -DOUT=${out} -P ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${deps} ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding web assets" VERBATIM)
endfunction()
