// history.cpp: see history.h.
#include "web/app/history.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

namespace nnplay {

DecimatedSeries::DecimatedSeries(int capacity) : capacity_(std::max(4, capacity & ~1)) {
    x_.reserve(capacity_);
    y_.reserve(capacity_);
}

void DecimatedSeries::clear() {
    bucket_ = 1;
    raw_ = 0;
    x_.clear();
    y_.clear();
    acc_x_ = acc_y_ = 0;
    acc_n_ = 0;
}

void DecimatedSeries::add(double x, double y) {
    ++raw_;
    acc_x_ += x;
    acc_y_ += y;
    if (++acc_n_ < bucket_) return;
    x_.push_back(acc_x_ / acc_n_);
    y_.push_back(acc_y_ / acc_n_);
    acc_x_ = acc_y_ = 0;
    acc_n_ = 0;
    if (static_cast<int>(x_.size()) < capacity_) return;
    // Full: merge pairs, so each point now stands for twice as many samples.
    const int half = capacity_ / 2;
    for (int i = 0; i < half; ++i) {
        x_[i] = 0.5 * (x_[2 * i] + x_[2 * i + 1]);
        y_[i] = 0.5 * (y_[2 * i] + y_[2 * i + 1]);
    }
    x_.resize(half);
    y_.resize(half);
    bucket_ *= 2;
}

void History::clear() {
    train.clear();
    tests.clear();
    markers.clear();
    label.clear();
    start_settings.clear();
    test_stride_ = 1;
    tests_seen_ = 0;
    newest_provisional_ = false;
}

void History::add_test(const TestPoint& p) {
    // A second evaluation at the same step (e.g. an epoch end after a requested
    // evaluation) replaces the first, so the curve never doubles back.
    TestPoint q = p;
    q.percent = p.accuracy * 100.0;
    if (!tests.empty() && tests.back().step == q.step) {
        q.epoch_end = q.epoch_end || tests.back().epoch_end;
        tests.back() = q;
        return;
    }
    // Evaluation e is kept when e is a multiple of the stride; the kept ones
    // are then e = 0, stride, 2 stride, ... at indices 0, 1, 2, ...
    const long long e = tests_seen_++;
    if (newest_provisional_ && !tests.empty()) tests.back() = q;
    else tests.push_back(q);
    newest_provisional_ = e % test_stride_ != 0;
    if (static_cast<int>(tests.size()) <= kMaxTests) return;
    // Full: keep the even indices (multiples of twice the stride) and the newest.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < tests.size(); ++i)
        if (i % 2 == 0 || i + 1 == tests.size()) tests[kept++] = tests[i];
    tests.resize(kept);
    test_stride_ *= 2;
    newest_provisional_ = e % test_stride_ != 0;
}

void History::mark(double samples, long long step, const std::string& key, const std::string& from,
                   const std::string& to, const std::string& what, double wall, double coalesce_s) {
    if (!markers.empty()) {
        ChangeMarker& last = markers.back();
        if (last.key == key && wall - last.wall < coalesce_s) {
            // Same setting again (a slider drag): keep the first "from" value.
            const std::string arrow = " → ";
            const auto pos = last.text.find(arrow);
            const std::string first = pos == std::string::npos ? last.text : last.text.substr(0, pos);
            last.text = first + arrow + to;
            last.wall = wall;
            return;
        }
    }
    ChangeMarker m;
    m.samples = samples;
    m.step = step;
    m.key = key;
    m.text = what + " " + from + " → " + to;
    m.wall = wall;
    markers.push_back(m);
}

double cost_ceiling(const History& h) {
    // The untrained network's cost: the step-0 evaluation, else the lowest of the
    // first few minibatch costs (the first bucket of a long decimated series may
    // already average in a blow-up; the lowest of a few is safe).
    double start = NAN;
    for (const TestPoint& t : h.tests)
        if (t.step == 0 && std::isfinite(t.cost) && t.cost > 0) start = t.cost;
    const std::vector<double>& y = h.train.y();
    if (!std::isfinite(start)) {
        for (int i = 0, seen = 0; i < int(y.size()) && seen < 5; ++i)
            if (std::isfinite(y[i]) && y[i] > 0) {
                start = std::isfinite(start) ? std::min(start, y[i]) : y[i];
                ++seen;
            }
    }
    if (!std::isfinite(start)) return INFINITY;
    // A run that stays high (a large learning rate bouncing around) is still a
    // curve to show: the level its lowest fifth stays above counts too, once the
    // run is long enough that a fifth of it cannot be the few blown-up steps
    // before the trainer stopped.
    if (y.size() < 20) return 10.0 * start;
    std::vector<double> v;
    v.reserve(y.size());
    for (double c : y)
        if (std::isfinite(c)) v.push_back(c);
    double body = 0;
    if (!v.empty()) {
        auto q = v.begin() + std::ptrdiff_t(v.size() / 5);
        std::nth_element(v.begin(), q, v.end());
        body = *q;
    }
    return std::max(10.0 * start, 2.0 * body);
}

void smooth_costs(const std::vector<double>& y, double ceiling, std::vector<double>& out) {
    const int n = int(y.size());
    out.resize(n);
    if (n == 0) return;
    const int half = std::clamp(n / 80, 0, 60);
    auto usable = [ceiling](double v) { return std::isfinite(v) && v <= ceiling; };
    std::vector<double> sum(n + 1, 0.0);
    std::vector<int> count(n + 1, 0);
    for (int i = 0; i < n; ++i) {
        sum[i + 1] = sum[i] + (usable(y[i]) ? y[i] : 0.0);
        count[i + 1] = count[i] + (usable(y[i]) ? 1 : 0);
    }
    for (int i = 0; i < n; ++i) {
        const int a = std::max(0, i - half), b = std::min(n, i + half + 1);
        const int k = count[b] - count[a];
        out[i] = std::isfinite(y[i]) && k > 0 ? (sum[b] - sum[a]) / k : NAN;
    }
}

std::vector<HistoryRow> history_rows(const History& h) {
    std::vector<HistoryRow> rows;
    rows.reserve(h.train.size() + h.tests.size() + h.markers.size());
    for (int i = 0; i < h.train.size(); ++i) {
        HistoryRow r;
        r.samples = h.train.x()[i];
        r.train_cost = h.train.y()[i];
        rows.push_back(r);
    }
    for (const TestPoint& t : h.tests) {
        HistoryRow r;
        r.samples = t.samples;
        r.step = static_cast<long long>(t.step);
        r.epoch = t.epoch;
        r.test_cost = t.cost;
        r.test_accuracy = t.accuracy;
        rows.push_back(r);
    }
    for (const ChangeMarker& m : h.markers) {
        HistoryRow r;
        r.samples = m.samples;
        r.step = m.step;
        r.change = m.text;
        r.settings = m.settings;
        rows.push_back(r);
    }
    // The three lists are each in order of samples; stable_sort keeps that and
    // the order train, test, change at equal samples.
    std::stable_sort(rows.begin(), rows.end(),
                     [](const HistoryRow& a, const HistoryRow& b) { return a.samples < b.samples; });
    if (!h.start_settings.empty()) {
        HistoryRow start;
        start.step = 0;
        start.epoch = 0;
        start.change = "start";
        start.settings = h.start_settings;
        rows.insert(rows.begin(), start);
    }
    return rows;
}


// ---- a saved run's history ----------------------------------------------------------
namespace {
using json = nlohmann::json;
// JSON has no NaN or infinity (a diverging run's costs): those go as text.
json num(double v) {
    if (std::isfinite(v)) return v;
    return std::isnan(v) ? "nan" : v > 0 ? "inf" : "-inf";
}
bool read_num(const json& j, double& v) {
    if (j.is_number()) v = j.get<double>();
    else if (j == "nan") v = std::numeric_limits<double>::quiet_NaN();
    else if (j == "inf") v = std::numeric_limits<double>::infinity();
    else if (j == "-inf") v = -std::numeric_limits<double>::infinity();
    else return false;
    return true;
}
json nums(const std::vector<double>& v) {
    json a = json::array();
    for (double x : v) a.push_back(num(x));
    return a;
}
bool read_nums(const json& j, std::vector<double>& v, std::size_t max) {
    if (!j.is_array() || j.size() > max) return false;
    v.resize(j.size());
    for (std::size_t i = 0; i < j.size(); ++i)
        if (!read_num(j[i], v[i])) return false;
    return true;
}
}  // namespace

json DecimatedSeries::to_json() const {
    return {{"capacity", capacity_}, {"bucket", bucket_}, {"raw", raw_}, {"x", nums(x_)}, {"y", nums(y_)},
            {"acc", {num(acc_x_), num(acc_y_), acc_n_}}};
}

bool DecimatedSeries::from_json(const json& j) {
    // No value() with a typed default: it throws on a wrong type (an abort on the web).
    if (!j.is_object() || !j.contains("capacity") || j["capacity"] != capacity_) return false;
    DecimatedSeries s(capacity_);
    const json& acc = j.contains("acc") ? j["acc"] : json();
    if (!j.contains("bucket") || !j["bucket"].is_number_integer() || !j.contains("raw") ||
        !j["raw"].is_number_integer() || !acc.is_array() || acc.size() != 3 || !acc[2].is_number_integer())
        return false;
    s.bucket_ = j["bucket"].get<int>();
    s.raw_ = j["raw"].get<long long>();
    s.acc_n_ = acc[2].get<int>();
    if (s.bucket_ < 1 || s.raw_ < 0 || s.acc_n_ < 0 || s.acc_n_ >= s.bucket_ || !read_num(acc[0], s.acc_x_) ||
        !read_num(acc[1], s.acc_y_) || !read_nums(j.value("x", json()), s.x_, std::size_t(capacity_)) ||
        !read_nums(j.value("y", json()), s.y_, std::size_t(capacity_)) || s.x_.size() != s.y_.size() ||
        static_cast<int>(s.x_.size()) >= capacity_)
        return false;
    *this = std::move(s);
    return true;
}

json History::to_json() const {
    json tj = json::array();
    for (const TestPoint& p : tests)
        tj.push_back({num(p.samples), num(p.step), num(p.epoch), num(p.cost), num(p.accuracy), num(p.train_percent),
                      p.epoch_end, p.images});
    json mj = json::array();
    for (const ChangeMarker& m : markers)
        mj.push_back({num(m.samples), m.step, m.key, m.text, m.settings, num(m.wall)});
    return {{"train", train.to_json()}, {"tests", tj}, {"markers", mj}, {"label", label},
            {"start_settings", start_settings}, {"test_stride", test_stride_}, {"tests_seen", tests_seen_},
            {"newest_provisional", newest_provisional_}};
}

bool History::from_json(const json& j) {
    if (!j.is_object()) return false;
    History h;
    if (!h.train.from_json(j.value("train", json()))) return false;
    const json& tj = j.contains("tests") ? j["tests"] : json();
    if (!tj.is_array() || tj.size() > std::size_t(kMaxTests) + 1) return false;
    for (const json& e : tj) {
        TestPoint p;
        // Runs saved before quick checks were kept have 7 fields (all whole passes).
        if (!e.is_array() || (e.size() != 7 && e.size() != 8) || !read_num(e[0], p.samples) || !read_num(e[1], p.step) ||
            !read_num(e[2], p.epoch) || !read_num(e[3], p.cost) || !read_num(e[4], p.accuracy) ||
            !read_num(e[5], p.train_percent) || !e[6].is_boolean())
            return false;
        p.percent = p.accuracy * 100.0;
        p.epoch_end = e[6].get<bool>();
        if (e.size() == 8) {
            if (!e[7].is_number_integer() || e[7].get<long long>() < 0 || e[7].get<long long>() > (1 << 30)) return false;
            p.images = int(e[7].get<long long>());
        }
        h.tests.push_back(p);
    }
    const json& mj = j.contains("markers") ? j["markers"] : json();
    if (!mj.is_array() || mj.size() > 100000) return false;
    for (const json& e : mj) {
        ChangeMarker m;
        if (!e.is_array() || e.size() != 6 || !read_num(e[0], m.samples) || !e[1].is_number_integer() ||
            !e[2].is_string() || !e[3].is_string() || !e[4].is_string() || !read_num(e[5], m.wall))
            return false;
        m.step = e[1].get<long long>();
        m.key = e[2].get<std::string>();
        m.text = e[3].get<std::string>();
        m.settings = e[4].get<std::string>();
        h.markers.push_back(std::move(m));
    }
    if (!j.contains("label") || !j["label"].is_string() || !j.contains("start_settings") ||
        !j["start_settings"].is_string() || !j.contains("test_stride") || !j["test_stride"].is_number_integer() ||
        !j.contains("tests_seen") || !j["tests_seen"].is_number_integer() || !j.contains("newest_provisional") ||
        !j["newest_provisional"].is_boolean())
        return false;
    h.label = j["label"].get<std::string>();
    h.start_settings = j["start_settings"].get<std::string>();
    h.test_stride_ = j["test_stride"].get<int>();
    h.tests_seen_ = j["tests_seen"].get<long long>();
    h.newest_provisional_ = j["newest_provisional"].get<bool>();
    if (h.test_stride_ < 1 || h.tests_seen_ < 0) return false;
    *this = std::move(h);
    return true;
}

}  // namespace nnplay
