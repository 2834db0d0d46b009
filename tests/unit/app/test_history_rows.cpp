// The App's history as CSV rows (web/app/history.h: history_rows): every
// training point, test evaluation and settings change becomes one row, in
// order of samples seen, and the CSV text holds them all.
#include <doctest.h>

#include <string>

#include "web/app/history.h"

using namespace nnplay;

TEST_CASE("history_rows: training points, tests and changes merged in order of samples") {
    History h;
    for (int i = 1; i <= 6; ++i) h.train.add(i * 100.0, 1.0 / i);
    h.add_test({0, 0, 0, 0.5, 0.1, 0, false});
    h.add_test({300, 30, 0.3, 0.25, 0.6, 0, false});
    h.mark(300, 30, "lr", "3", "0.5", "learning rate", 1.0);
    h.add_test({600, 60, 0.6, 0.125, 0.9, 0, true});

    const std::vector<HistoryRow> rows = history_rows(h);
    REQUIRE(rows.size() == 6 + 3 + 1);
    for (std::size_t i = 1; i < rows.size(); ++i) CHECK(rows[i - 1].samples <= rows[i].samples);
    // samples 0: the first test; samples 300: the training point, the test, the change.
    CHECK(rows[0].test_accuracy.value_or(-1) == doctest::Approx(0.1));
    CHECK(rows[0].step.value_or(-1) == 0);
    CHECK(rows[3].samples == 300);
    CHECK(rows[3].train_cost.value_or(-1) == doctest::Approx(1.0 / 3));
    CHECK_FALSE(rows[3].step.has_value());  // the training curve keeps no steps
    CHECK(rows[4].test_cost.value_or(-1) == doctest::Approx(0.25));
    CHECK(rows[4].epoch.value_or(-1) == doctest::Approx(0.3));
    CHECK(rows[5].change == h.markers[0].text);
    CHECK(rows[5].step.value_or(-1) == 30);
    CHECK_FALSE(rows[5].train_cost.has_value());
    CHECK(rows.back().test_accuracy.value_or(-1) == doctest::Approx(0.9));

    // The CSV: a header and one line per row, seven columns each.
    const std::string csv = history_csv(rows);
    int lines = 0;
    for (std::size_t k = csv.find("\r\n"); k != std::string::npos; k = csv.find("\r\n", k + 2)) ++lines;
    CHECK(lines == 1 + static_cast<int>(rows.size()));
    CHECK(csv.find("\r\n30,0.3,300,,0.25,0.6,,\r\n") != std::string::npos);
    CHECK(history_rows(History{}).empty());
}
