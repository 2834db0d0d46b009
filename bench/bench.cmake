# Benchmarks (shared/BENCH.md; scripts/bench.sh runs them).

# train-bench: trains one BENCH.md workload with the engine's public API and
# prints one JSON line per epoch; built natively and for WebAssembly (run under
# node, reading MNIST from the real file system through NODERAWFS).
add_executable(train-bench "${CMAKE_SOURCE_DIR}/bench/train_bench.cpp")
target_link_libraries(train-bench PRIVATE nnplay_engine)
target_compile_options(train-bench PRIVATE -Wall -Wextra)
if(NNPLAY_WEB)
  target_link_options(train-bench PRIVATE -sALLOW_MEMORY_GROWTH=1 -sNODERAWFS=1 -sEXIT_RUNTIME=1)
  set_target_properties(train-bench PROPERTIES SUFFIX ".js")
endif()

# kernels-bench: GFLOP/s of the three matrix products on the BENCH.md layer
# shapes, per kernel variant, against the scalar reference and Eigen; native
# and WebAssembly (node --no-experimental-fetch bin/kernels-bench.js).
add_executable(kernels-bench "${CMAKE_SOURCE_DIR}/bench/kernels_bench.cpp")
target_link_libraries(kernels-bench PRIVATE nnplay_engine)
target_compile_options(kernels-bench PRIVATE -Wall -Wextra)
if(NNPLAY_WEB)
  target_link_options(kernels-bench PRIVATE -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1)
  set_target_properties(kernels-bench PROPERTIES SUFFIX ".js")
endif()
