# The engine library: no SDL, GL or ImGui, ever (checked by a test).
file(GLOB_RECURSE NNPLAY_ENGINE_SOURCES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/engine/*.cpp")
list(FILTER NNPLAY_ENGINE_SOURCES EXCLUDE REGEX "/engine/cli/")
add_library(nnplay_engine STATIC ${NNPLAY_ENGINE_SOURCES})
target_include_directories(nnplay_engine PUBLIC "${CMAKE_SOURCE_DIR}")
target_link_libraries(nnplay_engine PUBLIC third_party_headers)
target_compile_options(nnplay_engine PRIVATE -Wall -Wextra)
if(NOT NNPLAY_WEB)
  target_compile_options(nnplay_engine PRIVATE -O3)
  # default_mnist_dir(): the bootstrap's MNIST, for the CLI and the desktop program.
  set_source_files_properties("${CMAKE_SOURCE_DIR}/engine/data/idx.cpp"
    PROPERTIES COMPILE_DEFINITIONS "NNPLAY_DEFAULT_DATA_DIR=\"${NNPLAY_CACHE}/mnist\"")
endif()

# x86 kernel variants are compiled per file with their own instruction sets and
# chosen at run time (kernels/dispatch), so one binary runs on any x86-64.
if(NOT NNPLAY_WEB AND CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  set_source_files_properties("${CMAKE_SOURCE_DIR}/engine/kernels/kernels_sse.cpp"
    PROPERTIES COMPILE_OPTIONS "-msse4.1")
  set_source_files_properties("${CMAKE_SOURCE_DIR}/engine/kernels/kernels_avx2.cpp"
    PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma")
  set_source_files_properties("${CMAKE_SOURCE_DIR}/engine/kernels/kernels_avx512.cpp"
    PROPERTIES COMPILE_OPTIONS "-mavx512f;-mavx512dq;-mavx512vl;-mavx512bw;-mfma;-mavx2")
endif()

# nnplay-cli: train, eval, bench from the command line.
file(GLOB NNPLAY_CLI_SOURCES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/engine/cli/*.cpp")
# Native only: CLI11 reports errors by exceptions, which the web build does not enable.
if(NNPLAY_CLI_SOURCES AND NOT NNPLAY_WEB)
  add_executable(nnplay-cli ${NNPLAY_CLI_SOURCES})
  target_link_libraries(nnplay-cli PRIVATE nnplay_engine)
endif()
