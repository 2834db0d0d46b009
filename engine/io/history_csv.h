// history_csv.h: the training history as CSV text, one row per record, for
// "save the history" (a spreadsheet or pandas opens it). The rows are plain
// records that the UI fills from its own history (web/app/history.h:
// history_rows); the engine knows nothing of the UI.
//
// Columns: step,epoch,samples,train_cost,test_cost,test_accuracy,settings_change
//   step, epoch     minibatch steps and epochs (fractional) so far; blank when unknown
//   samples         training samples seen so far (the cost curve's x)
//   train_cost      the minibatch cost there (a mean over merged minibatches for a
//                   long history); blank on rows that are not training points
//   test_cost, test_accuracy (0..1)   a test evaluation; blank otherwise
//   settings_change what changed there ("learning rate 3 → 0.5"), else blank
// Numbers that are not finite (a diverged run's costs) are written as nan / inf.
// Text is quoted as RFC 4180 says (commas, quotes, line breaks); UTF-8, no BOM.
//
// What it does not do: read CSV, or write files (write_file does).
//
// Use:
//   std::string csv = history_csv(history_rows(app_history));
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace nnplay {

struct HistoryRow {
    std::optional<long long> step;       // empty: unknown (a blank cell)
    std::optional<double> epoch;
    double samples = 0;
    std::optional<double> train_cost;    // empty: not a training point
    std::optional<double> test_cost;     // empty: no test evaluation here
    std::optional<double> test_accuracy; // 0..1
    std::string change;                  // "" or the settings change at this point
    std::string settings;                // "" or every setting from here on ("hidden=16,16&lr=3&...")
};

inline constexpr const char* kHistoryCsvHeader =
    "step,epoch,samples,train_cost,test_cost,test_accuracy,settings_change,settings";

// The header line and one line per row, each ending in "\r\n" (RFC 4180).
std::string history_csv(const std::vector<HistoryRow>& rows);

}  // namespace nnplay
