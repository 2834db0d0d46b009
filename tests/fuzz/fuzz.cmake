# libFuzzer targets (clang only, NNPLAY_FUZZ=ON; `make fuzz` builds and runs them):
# the IDX reader, the model-file parser and the settings parser on arbitrary
# bytes, under ASan/UBSan.
add_library(nnplay_engine_fuzz STATIC ${NNPLAY_ENGINE_SOURCES})
target_include_directories(nnplay_engine_fuzz PUBLIC "${CMAKE_SOURCE_DIR}")
target_link_libraries(nnplay_engine_fuzz PUBLIC third_party_headers)
target_compile_options(nnplay_engine_fuzz PUBLIC -fsanitize=fuzzer-no-link,address,undefined -g -O1)
foreach(name idx model settings)
  add_executable(fuzz-${name} "${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_${name}.cpp")
  target_link_libraries(fuzz-${name} PRIVATE nnplay_engine_fuzz)
  target_link_options(fuzz-${name} PRIVATE -fsanitize=fuzzer,address,undefined)
endforeach()
