# The libFuzzer targets, one line each. A target NAME is the file
# tests/fuzz/fuzz_NAME.cpp (defining LLVMFuzzerTestOneInput, linked against the
# engine), its minimised corpus tests/fuzz/corpus/NAME/ and the inputs that
# once crashed it, tests/fuzz/crashes/NAME/. `make fuzz` fuzzes each target
# (tests/fuzz/fuzz.cmake, scripts/fuzz.sh); `make test` replays both folders
# on the normal build (fuzz-replay-NAME, tests/tests.cmake).
set(NNPLAY_FUZZ_TARGETS
  idx      # engine/data/idx.h: an IDX image file and a label file
  model    # engine/io/model_file.h: a safetensors model file
  settings # engine/settings/settings.h: configure()'s JSON, the URL's text, the CLI's flags
  session  # engine/io/session_file.h: a saved run (the page's autosave, the desktop's file)
)
