# libFuzzer targets (clang only, NNPLAY_FUZZ=ON; `make fuzz` builds and runs
# them): each target of tests/fuzz/targets.cmake on arbitrary bytes, under
# ASan/UBSan. The list is written to fuzz-targets.txt for scripts/fuzz.sh.
include("${CMAKE_SOURCE_DIR}/tests/fuzz/targets.cmake")
add_library(nnplay_engine_fuzz STATIC ${NNPLAY_ENGINE_SOURCES})
target_include_directories(nnplay_engine_fuzz PUBLIC "${CMAKE_SOURCE_DIR}")
target_link_libraries(nnplay_engine_fuzz PUBLIC third_party_headers)
target_compile_options(nnplay_engine_fuzz PUBLIC -fsanitize=fuzzer-no-link,address,undefined
  -fno-sanitize-recover=all -g -O1)
foreach(name ${NNPLAY_FUZZ_TARGETS})
  add_executable(fuzz-${name} "${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_${name}.cpp")
  target_link_libraries(fuzz-${name} PRIVATE nnplay_engine_fuzz)
  target_link_options(fuzz-${name} PRIVATE -fsanitize=fuzzer,address,undefined)
endforeach()
list(JOIN NNPLAY_FUZZ_TARGETS "\n" targets_text)
file(WRITE "${CMAKE_BINARY_DIR}/fuzz-targets.txt" "${targets_text}\n")
