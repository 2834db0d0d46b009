// history.cpp: see history.h.
#include "web/app/history.h"

#include <algorithm>

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

}  // namespace nnplay
