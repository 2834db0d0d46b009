// history.cpp: see history.h.
#include "web/app/history.h"

#include <algorithm>
#include <cmath>

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
    tests.push_back(q);
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

}  // namespace nnplay
