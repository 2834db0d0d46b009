# The MNIST subset the web page loads, generated from the cached IDX files:
# the first 10,000 training and the first 2,000 test images of MNIST (the
# choice shared/BENCH.md uses), as gzip-compressed IDX files (about 2 MB in all
# instead of 9.4 MB). The page unpacks them with the browser's DecompressionStream.
set(NNPLAY_MNIST_DIR "${NNPLAY_CACHE}/mnist")
set(NNPLAY_SUBSET_TRAIN 10000 CACHE STRING "training images in the web subset")
set(NNPLAY_SUBSET_TEST 2000 CACHE STRING "test images in the web subset")
find_program(NNPLAY_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
if(NOT NNPLAY_PYTHON)
  find_program(NNPLAY_PYTHON python3 REQUIRED NO_CMAKE_FIND_ROOT_PATH)
endif()
set(NNPLAY_SUBSET_FILES
  "${NNPLAY_SITE}/data/train-images.idx3.gz" "${NNPLAY_SITE}/data/train-labels.idx1.gz"
  "${NNPLAY_SITE}/data/test-images.idx3.gz" "${NNPLAY_SITE}/data/test-labels.idx1.gz")
add_custom_command(OUTPUT ${NNPLAY_SUBSET_FILES}
  COMMAND "${NNPLAY_PYTHON}" "${CMAKE_SOURCE_DIR}/assets/make_subset.py"
    --mnist "${NNPLAY_MNIST_DIR}" --out "${NNPLAY_SITE}/data"
    --train ${NNPLAY_SUBSET_TRAIN} --test ${NNPLAY_SUBSET_TEST}
  DEPENDS "${CMAKE_SOURCE_DIR}/assets/make_subset.py"
    "${NNPLAY_MNIST_DIR}/train-images-idx3-ubyte" "${NNPLAY_MNIST_DIR}/t10k-images-idx3-ubyte"
  COMMENT "MNIST subset for the page" VERBATIM)
