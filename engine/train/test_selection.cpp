// test_selection.cpp: select_test_images (see test_selection.h).
#include "engine/train/test_selection.h"

#include <algorithm>

namespace nnplay {

std::vector<int> select_test_images(const EvalResult& eval, const Dataset& test, const TestQuery& q) {
    std::vector<int> out;
    const int n = test.count;
    if (n <= 0 || eval.predicted.size() != static_cast<std::size_t>(n) ||
        eval.confidence.size() != static_cast<std::size_t>(n) || test.labels.size() < static_cast<std::size_t>(n))
        return out;
    for (int i = 0; i < n; ++i) {
        const int label = test.labels[static_cast<std::size_t>(i)];
        const int answer = eval.predicted[static_cast<std::size_t>(i)];
        bool keep = false;
        switch (q.filter) {
            case TestFilter::All: keep = true; break;
            case TestFilter::Mistakes:
            case TestFilter::ConfidentMistakes: keep = answer != label; break;
            case TestFilter::TrueDigit: keep = label == q.digit; break;
            case TestFilter::PredictedDigit: keep = answer == q.predicted; break;
            case TestFilter::Cell: keep = label == q.digit && answer == q.predicted; break;
        }
        if (keep) out.push_back(i);
    }
    if (q.filter == TestFilter::ConfidentMistakes) {
        const std::vector<float>& c = eval.confidence;
        std::stable_sort(out.begin(), out.end(), [&](int a, int b) {
            return c[static_cast<std::size_t>(a)] > c[static_cast<std::size_t>(b)];
        });
    }
    return out;
}

const char* name_of(TestFilter f) {
    switch (f) {
        case TestFilter::All: return "all";
        case TestFilter::Mistakes: return "mistakes";
        case TestFilter::TrueDigit: return "digit";
        case TestFilter::PredictedDigit: return "answer";
        case TestFilter::Cell: return "cell";
        case TestFilter::ConfidentMistakes: return "confident_mistakes";
    }
    return "?";
}

std::optional<TestFilter> parse_test_filter(std::string_view name) {
    for (TestFilter f : {TestFilter::All, TestFilter::Mistakes, TestFilter::TrueDigit, TestFilter::PredictedDigit,
                         TestFilter::Cell, TestFilter::ConfidentMistakes})
        if (name == name_of(f)) return f;
    return std::nullopt;
}

}  // namespace nnplay
