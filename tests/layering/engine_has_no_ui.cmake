# Fails when any file under engine/ includes SDL, OpenGL, Dear ImGui or
# Emscripten's HTML5 API: the engine stays usable by the CLI, the tests and any
# front end, and the UI only reads the plain structs it fills.
#   cmake -DROOT=<source dir> -P engine_has_no_ui.cmake
file(GLOB_RECURSE files "${ROOT}/engine/*.h" "${ROOT}/engine/*.cpp")
set(bad "")
foreach(f ${files})
  file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
  foreach(line ${lines})
    if(line MATCHES "[<\"/](SDL[^/]*|GL/|GLES[0-9]*/|imgui[^/]*|emscripten/html5)\\.?")
      file(RELATIVE_PATH rel "${ROOT}" "${f}")
      string(APPEND bad "\n  ${rel}: ${line}")
    endif()
  endforeach()
endforeach()
list(LENGTH files n)
if(n EQUAL 0)
  message(FATAL_ERROR "no engine sources found under ${ROOT}/engine")
endif()
if(bad)
  message(FATAL_ERROR "the engine must not include UI libraries:${bad}")
endif()
message(STATUS "${n} engine files include no SDL, GL, ImGui or HTML5 header")
