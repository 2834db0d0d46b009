// idx.h: reads MNIST's IDX files (from files or from memory, gzip not included).
//
// What it does: checks the magic number (0x00000803 images, 0x00000801 labels),
// dimensions (1..4096 per axis), that the payload is exactly what the header
// announces (truncated and oversized files are rejected), and that image and
// label counts match, and that every kept label is a digit 0..9; it never
// allocates more than the input's own size justifies (files: the header is
// checked against the file's size before the payload is read, and only the
// kept samples are read). Errors come back as a message a user can act on,
// naming the file and saying what was expected; nothing throws.
// What it does not do: decompress (the web page and the bootstrap unpack .gz).
//
// Use:
//   Dataset d; std::string err = load_idx_pair(images_path, labels_path, d, 10000);
//   if (!err.empty()) show(err);            // d is untouched on error
//   Dataset train, test;                    // MNIST's folder, as the CLI and the desktop program read it
//   err = load_mnist_dir(default_mnist_dir(), train, test);
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/data/dataset.h"

namespace nnplay {

// Parses an IDX image buffer and label buffer into out (pixels / 255).
// max_count > 0 keeps only the first max_count samples. Returns "" or a message
// starting with what was being read ("images: ...", "labels: ...").
std::string parse_idx_pair(const uint8_t* images, std::size_t images_size,
                           const uint8_t* labels, std::size_t labels_size,
                           Dataset& out, int max_count = 0);
// Same from files; messages name the file.
std::string load_idx_pair(const std::string& images_path, const std::string& labels_path,
                          Dataset& out, int max_count = 0);
// Loads MNIST's four files from a folder (train-images-idx3-ubyte, ...):
// the first max_train / max_test samples (0: all). Both outputs stay untouched
// on error.
std::string load_mnist_dir(const std::string& dir, Dataset& train, Dataset& test,
                           int max_train = 0, int max_test = 0);
// The same for the two test files only (t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte).
std::string load_mnist_test_dir(const std::string& dir, Dataset& test, int max_test = 0);
// Where MNIST is read from when no folder is given: $NNPLAY_DATA when set,
// else the folder scripts/bootstrap.sh fills (the build's .cache/mnist), else
// ./.cache/mnist.
std::string default_mnist_dir();

}  // namespace nnplay
