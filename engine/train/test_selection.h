// test_selection.h: which test images a gallery shows: all of them, the
// mistakes, one true digit, one answered digit, one cell of the confusion
// matrix (true r read as c), or the most confident mistakes (sorted by the
// value of the wrong output, largest first). Reads the per-image answers of a
// finished test evaluation (EvalResult::predicted, ::confidence).
//
// What it does not do: evaluate (the trainer does, in slices), or draw.
//
// Use:
//   TestQuery q; q.filter = TestFilter::Cell; q.digit = 4; q.predicted = 9;
//   std::vector<int> shown = select_test_images(trainer.last_eval(), *test_set, q);
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/train/trainer.h"

namespace nnplay {

enum class TestFilter {
    All,                // every test image, in order
    Mistakes,           // answered wrong, in order
    TrueDigit,          // label == digit
    PredictedDigit,     // answer == predicted
    Cell,               // label == digit and answer == predicted (a confusion-matrix cell)
    ConfidentMistakes,  // answered wrong, the wrong output's value largest first (ties: lower index)
};

struct TestQuery {
    TestFilter filter = TestFilter::All;
    int digit = 0;      // the true digit (TrueDigit, Cell)
    int predicted = 0;  // the answered digit (PredictedDigit, Cell)
    bool operator==(const TestQuery& o) const {
        return filter == o.filter && digit == o.digit && predicted == o.predicted;
    }
    bool operator!=(const TestQuery& o) const { return !(*this == o); }
};

// Indices into the test set. Empty when the evaluation has no per-image
// answers for this test set (none yet, or another size).
std::vector<int> select_test_images(const EvalResult& eval, const Dataset& test, const TestQuery& q);

// "all", "mistakes", "digit", "answer", "cell", "confident_mistakes" (the page API's names).
const char* name_of(TestFilter f);
std::optional<TestFilter> parse_test_filter(std::string_view name);

}  // namespace nnplay
