// history.h: what the cost curve draws, kept across hyperparameter changes:
// the training cost per step (decimated so that hours of training stay a few
// thousand points), the test evaluations (thinned evenly beyond 2,048), and
// markers where a setting changed.
//
// What it does not do: draw (plot.h does) or train. Plain data, no ImGui.
//
// Use:
//   History h;
//   h.train.add(samples_seen, batch_cost);                  // after every step
//   h.add_test({samples, step, epoch, cost, accuracy, epoch_end});
//   h.mark(samples, step, "lr", "learning rate 3 → 0.5", now); // coalesces quick edits
//   const double cap = cost_ceiling(h);                     // what the plot may ignore
//   smooth_costs(h.train.y(), cap, smoothed);               // the "train (smoothed)" curve
//   std::string csv = history_csv(history_rows(h));         // "save the history"
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/io/history_csv.h"

namespace nnplay {

// A series that never holds more than `capacity` points: when it is full,
// neighbouring points merge pairwise (mean of x and of y) and every later point
// is the mean of twice as many raw samples. Each point is the mean of
// `bucket()` raw samples, so the shape of the curve is kept at any length.
class DecimatedSeries {
public:
    explicit DecimatedSeries(int capacity = 4096);
    void add(double x, double y);
    void clear();
    int size() const { return static_cast<int>(x_.size()); }
    const std::vector<double>& x() const { return x_; }
    const std::vector<double>& y() const { return y_; }
    int bucket() const { return bucket_; }      // raw samples per point
    long long raw_count() const { return raw_; }  // samples added since clear()
    // The whole series, the bucket being filled included (a saved run).
    nlohmann::json to_json() const;
    bool from_json(const nlohmann::json& j);    // false (and unchanged) when malformed

private:
    int capacity_;
    int bucket_ = 1;
    long long raw_ = 0;
    std::vector<double> x_, y_;
    double acc_x_ = 0, acc_y_ = 0;   // the bucket being filled
    int acc_n_ = 0;
};

struct TestPoint {
    double samples = 0;      // samples seen when evaluated (the plot's x)
    double step = 0;
    double epoch = 0;        // fractional epochs
    double cost = 0;         // mean test loss
    double accuracy = 0;     // 0..1
    double percent = 0;      // accuracy * 100 (what the accuracy plot draws)
    double train_percent = NAN;  // accuracy on the training images in use, % (NaN: not measured)
    bool epoch_end = false;  // evaluated exactly at the end of an epoch
    int images = 0;          // a quick check's test images (0: the whole test set)
};

struct ChangeMarker {
    double samples = 0;
    long long step = 0;
    std::string key;         // what changed ("lr", "batch", ...), to coalesce slider drags
    std::string text;        // "learning rate 3 → 0.5"
    std::string settings;    // every setting after the change, as a query ("hidden=16,16&lr=0.5&...")
    double wall = 0;         // when (seconds), to coalesce slider drags
};

struct History {
    static constexpr int kMaxTests = 2048;  // test points kept (see add_test)

    DecimatedSeries train{4096};       // x = samples seen, y = minibatch cost
    std::vector<TestPoint> tests;      // test evaluations, evenly thinned (see add_test)
    std::vector<ChangeMarker> markers;
    std::string label;                 // "784-16-16-10, SGD lr 3" (for the previous-run legend)
    std::string start_settings;        // every setting when the run began, as a query

    void clear();
    bool empty() const { return train.size() == 0 && tests.empty(); }
    // Adds an evaluation. Bounded for runs of any length: every test_stride()-th
    // evaluation is kept (evaluation 0, the untrained network's, always), plus
    // the newest one, which the next replaces when it is not on the stride. When
    // more than kMaxTests are kept, every other one goes and the stride doubles,
    // so the kept points stay evenly spread over the run. Points are real
    // evaluations, never averages.
    void add_test(const TestPoint& p);
    int test_stride() const { return test_stride_; }
    // Adds a marker "what from → to", or updates the last one when the same
    // setting changed again within `coalesce_s` seconds (a slider drag): the
    // marker then stays where the drag began and keeps its first "from" value.
    void mark(double samples, long long step, const std::string& key, const std::string& from,
              const std::string& to, const std::string& what, double wall, double coalesce_s = 1.0);
    // Everything, for a saved run (engine/io/session_file.h): from_json(to_json())
    // gives back an equal history that goes on thinning the same way.
    nlohmann::json to_json() const;
    bool from_json(const nlohmann::json& j);    // false (and unchanged) when malformed

private:
    int test_stride_ = 1;           // evaluations per kept point
    long long tests_seen_ = 0;      // evaluations added since clear() (same-step repeats not counted)
    bool newest_provisional_ = false;  // tests.back() is off the stride (the next one replaces it)
};

// The cost above which a value is off the plot's scale: the numbers blew up
// (a diverging run records costs like 1e36 before the trainer refuses a step
// and goes back to its last good weights). A run starts at the untrained
// network's cost (the test evaluation at step 0, or the first minibatches), and
// a working run stays below about that; the ceiling is 10x it, or twice the
// level most of the run (its lowest fifth) stays above, whichever is higher.
// Infinity when there is nothing to judge by.
double cost_ceiling(const History& h);

// A centred moving average over about 1/40 of the series (at most 121 points,
// prefix sums, O(n)): the smoothed training cost. Values that are not finite or
// are above `ceiling` are left out of every average, so one absurd minibatch
// does not lift the smoothed curve around it; a point with no usable value in
// its window is NaN (a gap in the curve).
void smooth_costs(const std::vector<double>& y, double ceiling, std::vector<double>& out);

// The history as plain rows for the CSV file (engine/io/history_csv.h), in
// order of samples seen: one row per point of the training curve (samples and
// cost; its step and epoch are not kept, so they stay blank), per test
// evaluation and per settings change, after a first row with the settings the
// run began with. At equal samples a training point comes first, then a test,
// then a change.
std::vector<HistoryRow> history_rows(const History& h);

}  // namespace nnplay
