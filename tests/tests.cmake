# Unit tests: one doctest binary for the engine (native, and wasm under node),
# and one for the front end's headless mode (native only).
file(GLOB NNPLAY_ENGINE_TEST_SOURCES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/unit/engine/*.cpp")
add_executable(engine-tests ${NNPLAY_ENGINE_TEST_SOURCES})
target_link_libraries(engine-tests PRIVATE nnplay_engine)
target_include_directories(engine-tests SYSTEM PRIVATE "${DOCTEST_INCLUDE_DIR}")
target_compile_definitions(engine-tests PRIVATE
  NNPLAY_FIXTURES="${CMAKE_SOURCE_DIR}/tests/fixtures"
  NNPLAY_MNIST_DIR="${NNPLAY_CACHE}/mnist")
if(NNPLAY_WEB)
  # Node reads the real file system (fixtures, MNIST) through NODERAWFS.
  target_link_options(engine-tests PRIVATE -sALLOW_MEMORY_GROWTH=1 -sNODERAWFS=1 -sEXIT_RUNTIME=1)
  set_target_properties(engine-tests PROPERTIES SUFFIX ".js")
endif()
add_test(NAME engine COMMAND engine-tests)
