// history_csv.cpp: see history_csv.h.
#include "engine/io/history_csv.h"

#include "engine/util/number_text.h"

namespace nnplay {
namespace {

// The shortest text that reads back as v, in every locale (a decimal comma
// would split the column).
std::string number(double v) { return shortest(v); }

std::string cell(const std::optional<double>& v) { return v ? number(*v) : ""; }

// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
std::string text_cell(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

}  // namespace

std::string history_csv(const std::vector<HistoryRow>& rows) {
    std::string csv = std::string(kHistoryCsvHeader) + "\r\n";
    for (const HistoryRow& r : rows) {
        csv += (r.step ? std::to_string(*r.step) : "") + ',' + cell(r.epoch) + ',' +
               number(r.samples) + ',' + cell(r.train_cost) + ',' + cell(r.test_cost) + ',' +
               cell(r.test_accuracy) + ',' + text_cell(r.change) + ',' + text_cell(r.settings) + "\r\n";
    }
    return csv;
}

}  // namespace nnplay
