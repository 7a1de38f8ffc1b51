# sg_embed_dir(DIR OUT): compile every file under DIR into a C table
#   const sg_asset sg_assets[] = {{"path", bytes, len, "mime"}, ...};
# so the server ships as one binary. Re-runs when any asset changes.
function(sg_embed_dir dir out)
  file(GLOB_RECURSE files CONFIGURE_DEPENDS ${dir}/*)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DDIR=${dir} -DOUT=${out} -P ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${files} ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding web assets")
endfunction()
