// trainer.cpp: minibatch order, the training step with its divergence guard,
// throughput and statistics, and sliced test evaluation (see trainer.h).
#include "engine/train/trainer.h"

#include <algorithm>
#include <cmath>
#include <climits>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <utility>

namespace nnplay {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::string fmt_g(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// An update larger than this is taken as divergence even while finite: the
// next forward pass would overflow anyway, and the model must stay finite.
constexpr float kMaxUpdate = 1e30f;
constexpr float kMaxSquaredGradient = 1e18f;  // its square must stay finite (RMSprop, Adam)

}  // namespace

const char* name_of(DivergenceKind k) {
    switch (k) {
        case DivergenceKind::None: return "none";
        case DivergenceKind::CostNaN: return "cost_nan";
        case DivergenceKind::CostInfinite: return "cost_infinite";
        case DivergenceKind::GradientInfinite: return "gradient_infinite";
        case DivergenceKind::GradientExploded: return "gradient_exploded";
    }
    return "?";
}

std::string describe(const DivergenceRecord& d) {
    const char* why = "";
    std::string detail;
    switch (d.kind) {
        case DivergenceKind::None: return "";
        case DivergenceKind::CostNaN: why = "the cost became NaN (the numbers overflowed)"; break;
        case DivergenceKind::CostInfinite: why = "the cost became infinite"; break;
        case DivergenceKind::GradientInfinite: why = "the gradient became infinite"; break;
        case DivergenceKind::GradientExploded:
            why = "the gradient exploded";
            detail = " (largest component " + fmt_g(d.value) + ")";
            break;
    }
    return "training diverged at step " + std::to_string(d.step) + ": " + why + detail +
           "; lower the learning rate (now " + fmt_g(d.learning_rate) +
           "). The weights went back to those of step " + std::to_string(d.restored_step);
}

Trainer::Trainer() : Trainer(NetConfig{}, TrainConfig{}) {}

Trainer::Trainer(const NetConfig& net, const TrainConfig& train) {
    std::string err = net.validate();
    if (err.empty()) err = train.validate(0);
    if (err.empty()) err = check_training_memory(net, train.batch_size);
    if (err.empty()) {
        net_ = Mlp(net);
        train_cfg_ = train;
    } else {
        net_ = Mlp(NetConfig{});
        train_cfg_ = TrainConfig{};
    }
    restart_order();
    clear_stats();
    take_checkpoint();
    stats_.message = err.empty() ? "" : "using the default network and training settings: " + err;
}

// ---- data and configuration ----------------------------------------------------

int Trainer::train_count() const {
    if (!train_) return 0;
    const int n = train_->count;
    return train_cfg_.train_subset > 0 ? std::min(train_cfg_.train_subset, n) : n;
}

void Trainer::set_data(DatasetPtr train, DatasetPtr test) {
    train_ = std::move(train);
    test_ = std::move(test);
    // Once per data set, for the cheap gradient bound of the first layer.
    train_xmax_ = train_ ? max_abs(train_->pixels.data(), train_->pixels.size()) : INFINITY;
    restart_order();
    stats_.train_size = train_count();
    stats_.samples_in_epoch = 0;
    forget_evals();
}

bool Trainer::has_data() const { return train_ && train_->count > 0; }

std::string Trainer::set_net_config(const NetConfig& cfg) {
    std::string err = cfg.validate();
    if (err.empty()) err = check_training_memory(cfg, train_cfg_.batch_size);
    if (!err.empty()) {
        stats_.message = err;
        return err;
    }
    net_ = Mlp(cfg);
    // Drop buffers sized for the old shapes and batches (they only ever grow),
    // so that a small network after a big one gives the memory back.
    ws_ = Workspace{};
    eval_ws_ = Workspace{};
    grads_ = Gradients{};
    batch_x_ = FloatVec{};
    batch_y_ = std::vector<uint8_t>{};
    checkpoint_ = Mlp{};  // copy-assignment would keep the old layers' capacity
    reset_state_after_new_model(0);
    return "";
}

std::string Trainer::set_train_config(const TrainConfig& cfg) {
    std::string err = cfg.validate(train_ ? train_->count : 0);
    if (err.empty()) err = check_training_memory(net_.config(), cfg.batch_size);
    if (!err.empty()) {
        stats_.message = err;
        return err;
    }
    if (cfg == train_cfg_) return "";
    // A new learning rate may diverge: keep the weights from before it. A
    // slider drag applies a change every frame, so copy only when a step has
    // moved the weights since the last checkpoint (new models take one at once).
    if (stats_.step != checkpoint_step_) take_checkpoint();
    const bool new_order = cfg.shuffle_seed != train_cfg_.shuffle_seed ||
                           cfg.train_subset != train_cfg_.train_subset;
    // Other training images: the last training-set pass measured others.
    if (cfg.train_subset != train_cfg_.train_subset) {
        train_eval_ = EvalResult{};
        train_pass_ = EvalPass{};
    }
    train_cfg_ = cfg;
    if (new_order) {
        restart_order();
        stats_.samples_in_epoch = 0;
        stats_.train_size = train_count();
    }
    stats_.diverged = false;
    stats_.divergence = DivergenceRecord{};
    stats_.message.clear();
    return "";
}

void Trainer::reset() {
    net_.initialize();
    reset_state_after_new_model(0);
}

std::string Trainer::adopt(Mlp net, const TrainConfig& train, long long step) {
    const NetConfig& cfg = net.config();
    std::string err = cfg.validate();
    if (err.empty()) {
        // The weights must have the shapes the config describes.
        const auto& L = net.layers();
        bool same = L.size() == cfg.hidden.size() + 1;
        int in = cfg.inputs;
        for (std::size_t l = 0; same && l < L.size(); ++l) {
            const int out = l < cfg.hidden.size() ? cfg.hidden[l] : cfg.outputs;
            same = L[l].in == in && L[l].out == out &&
                   L[l].W.size() == static_cast<std::size_t>(out) * in &&
                   L[l].b.size() == static_cast<std::size_t>(out);
            in = out;
        }
        if (!same) err = "the model's weights do not match its architecture " + cfg.architecture();
    }
    if (err.empty()) err = train.validate(train_ ? train_->count : 0);
    if (err.empty()) err = check_training_memory(cfg, train.batch_size);
    if (!err.empty()) {
        stats_.message = err;
        return err;
    }
    net_ = std::move(net);
    train_cfg_ = train;
    ws_ = Workspace{};
    eval_ws_ = Workspace{};
    grads_ = Gradients{};
    batch_x_ = FloatVec{};
    batch_y_ = std::vector<uint8_t>{};
    checkpoint_ = Mlp{};
    reset_state_after_new_model(step < 0 ? 0 : step);
    // The counters agree with the file's step (they once restarted at 0 while
    // Step kept it), as if its steps had been taken here at the batch it was
    // saved with: whole epochs of the images in use (each ending with a
    // shorter minibatch when the batch does not divide them), then a part of
    // the next. Without images yet, steps x batch.
    const long long batch = std::max(1, train.batch_size), steps = stats_.step;
    auto times = [](long long a, long long b) { return b > 0 && a > LLONG_MAX / b ? LLONG_MAX : a * b; };
    if (const int n = train_count(); n > 0) {
        const long long per_epoch = (n + batch - 1) / batch;
        const long long epochs = steps / per_epoch, rest = steps % per_epoch;
        prepare_order();  // the current epoch's order now, so that the position below holds
        stats_.epoch = static_cast<int>(std::min<long long>(epochs, INT_MAX));
        stats_.samples_in_epoch = rest * batch;  // < n: rest is short of a whole epoch
        const long long whole = times(epochs, n);
        stats_.samples_seen = whole > LLONG_MAX - rest * batch ? LLONG_MAX : whole + rest * batch;
    } else {
        stats_.samples_seen = times(steps, batch);
    }
    return "";
}

TrainerState Trainer::save_state() const {
    TrainerState s;
    s.optimizer = opt_.state();
    s.order_rng = order_rng_.state;
    s.order = order_;
    s.need_shuffle = need_shuffle_;
    s.epoch = stats_.epoch;
    s.step = stats_.step;
    s.samples_seen = stats_.samples_seen;
    s.samples_in_epoch = stats_.samples_in_epoch;
    s.running_cost = stats_.running_cost;
    s.epoch_cost = stats_.epoch_cost;
    s.seconds_trained = stats_.seconds_trained;
    s.epoch_cost_sum = epoch_cost_sum_;
    s.epoch_samples = epoch_samples_;
    return s;
}

std::string Trainer::restore(Mlp net, const TrainConfig& train, TrainerState s) {
    if (s.epoch < 0 || s.step < 0 || s.samples_seen < 0 || s.samples_in_epoch < 0 || s.epoch_samples < 0)
        return "the saved run's counters are negative";
    // The order must be this data's: a permutation of the training images in use.
    const int n = train_ ? (train.train_subset > 0 ? std::min(train.train_subset, train_->count) : train_->count) : 0;
    if (!s.order.empty()) {
        if (static_cast<int>(s.order.size()) != n)
            return "the saved run trained on " + std::to_string(s.order.size()) +
                   " images per epoch; this data set has " + std::to_string(n);
        std::vector<char> seen(static_cast<std::size_t>(n), 0);
        for (int i : s.order) {
            if (i < 0 || i >= n || seen[static_cast<std::size_t>(i)]) return "the saved run's image order is damaged";
            seen[static_cast<std::size_t>(i)] = 1;
        }
    }
    if (s.samples_in_epoch > n) return "the saved run's place in its epoch is beyond this data set";
    Optimizer opt;
    if (std::string err = opt.set_state(std::move(s.optimizer), net); !err.empty()) return err;
    if (std::string err = adopt(std::move(net), train, s.step); !err.empty()) return err;
    opt_ = std::move(opt);
    order_rng_.state = s.order_rng;
    order_ = std::move(s.order);
    need_shuffle_ = s.need_shuffle || order_.empty();
    stats_.epoch = s.epoch;
    stats_.samples_seen = s.samples_seen;
    stats_.samples_in_epoch = s.samples_in_epoch;
    stats_.running_cost = s.running_cost;
    stats_.epoch_cost = s.epoch_cost;
    stats_.seconds_trained = s.seconds_trained;
    epoch_cost_sum_ = s.epoch_cost_sum;
    epoch_samples_ = s.epoch_samples;
    take_checkpoint();  // the restored weights are the known-good ones
    return "";
}

void Trainer::adopt_results(EvalResult test, EvalResult train, const TrainStats& other) {
    eval_ = std::move(test);
    train_eval_ = std::move(train);
    test_pass_ = EvalPass{};
    train_pass_ = EvalPass{};
    stats_.batch_cost = other.batch_cost;
    stats_.samples_per_s = other.samples_per_s;
    stats_.diverged = other.diverged;
    stats_.divergence = other.divergence;
    stats_.message = other.message;
}

void Trainer::reset_state_after_new_model(long long step) {
    opt_.reset();
    gradient_step_ = -1;
    restart_order();
    clear_stats();
    stats_.step = step;
    take_checkpoint();
    forget_evals();
}

std::string Trainer::set_weight(int layer, int neuron, int input, float value) {
    auto& L = net_.layers();
    if (layer < 1 || layer > int(L.size()))
        return "there is no layer " + std::to_string(layer) + " (layers 1 to " + std::to_string(L.size()) +
               ", the output layer last)";
    DenseLayer& d = L[std::size_t(layer - 1)];
    if (neuron < 0 || neuron >= d.out)
        return "layer " + std::to_string(layer) + " has neurons 0 to " + std::to_string(d.out - 1);
    if (input < -1 || input >= d.in)
        return "its neurons have inputs 0 to " + std::to_string(d.in - 1) + " (-1: the bias)";
    if (!std::isfinite(value)) return "a weight must be a finite number";
    if (std::fabs(value) > 1e6f) return "a weight must be between -1,000,000 and 1,000,000";
    (input < 0 ? d.b[std::size_t(neuron)] : d.W[std::size_t(neuron) * std::size_t(d.in) + std::size_t(input)]) = value;
    forget_evals();
    gradient_step_ = -1;
    stats_.diverged = false;
    take_checkpoint();  // a later divergence goes back to this, not to before the change
    return "";
}

void Trainer::forget_evals() {
    eval_ = EvalResult{};
    train_eval_ = EvalResult{};
    test_pass_ = EvalPass{};
    train_pass_ = EvalPass{};
}

// The last known-good weights: taken for a new model, before every change of
// the training settings and at the end of every epoch. Copy-assignment reuses
// the checkpoint's buffers, so this allocates only when the shapes change.
void Trainer::take_checkpoint() {
    if (stats_.diverged) return;
    checkpoint_ = net_;
    checkpoint_step_ = stats_.step;
    checkpoint_running_cost_ = stats_.running_cost;
}

void Trainer::restart_order() {
    order_rng_ = Mulberry32(train_cfg_.shuffle_seed);
    order_.clear();
    last_batch_count_ = 0;
    need_shuffle_ = true;
    epoch_cost_sum_ = 0;
    epoch_samples_ = 0;
}

void Trainer::new_epoch_order() {
    last_batch_count_ = 0;  // the last minibatch's positions belong to the old order
    const int n = train_count();
    order_.resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) order_[i] = i;
    for (int i = n - 1; i >= 1; --i) {
        const int j = static_cast<int>(order_rng_.next_below(static_cast<uint32_t>(i) + 1));
        std::swap(order_[i], order_[j]);
    }
    need_shuffle_ = false;
}

void Trainer::clear_stats() {
    stats_ = TrainStats{};
    stats_.train_size = train_count();
    window_seconds_ = 0;
    window_samples_ = 0;
    full_window_seen_ = false;
}

void Trainer::note_time(double seconds, long long samples) {
    stats_.seconds_trained += seconds;
    window_seconds_ += seconds;
    window_samples_ += samples;
    if (window_seconds_ >= 0.2) {
        const double now = window_samples_ / window_seconds_;
        stats_.samples_per_s = stats_.samples_per_s > 0 ? 0.5 * stats_.samples_per_s + 0.5 * now : now;
        window_seconds_ = 0;
        window_samples_ = 0;
        full_window_seen_ = true;
    } else if (!full_window_seen_ && window_seconds_ > 0 && window_samples_ > 0) {
        stats_.samples_per_s = window_samples_ / window_seconds_;  // rough, until a full window
    }
}

// ---- training ------------------------------------------------------------------

bool Trainer::step_once() {
    if (stats_.diverged || !has_data()) return false;
    const int n = train_count();
    const int dim = net_.config().inputs;
    if (train_->dim != dim) {
        stats_.message = "the training images have " + std::to_string(train_->dim) +
                         " pixels but the network expects " + std::to_string(dim);
        return false;
    }
    if (need_shuffle_ || static_cast<int>(order_.size()) != n) {
        new_epoch_order();
        stats_.samples_in_epoch = 0;
    }
    const int pos = static_cast<int>(stats_.samples_in_epoch);
    const int B = std::min(std::max(train_cfg_.batch_size, 1), n - pos);

    // Gather the minibatch into one contiguous (B, dim) block.
    const std::size_t need = static_cast<std::size_t>(B) * dim;
    if (batch_x_.size() < need) batch_x_.resize(need);
    if (batch_y_.size() < static_cast<std::size_t>(B)) batch_y_.resize(B);
    for (int k = 0; k < B; ++k) {
        const int s = order_[pos + k];
        std::memcpy(batch_x_.data() + static_cast<std::size_t>(k) * dim, train_->image(s),
                    sizeof(float) * dim);
        batch_y_[k] = train_->labels[s];
    }

    // Start loading the next minibatch's images into the cache while this one
    // is computed (the images are scattered over the data set).
#if defined(__GNUC__) || defined(__clang__)
    for (int k = pos + B; k < std::min(pos + 2 * B, n); ++k) {
        const char* img = reinterpret_cast<const char*>(train_->image(order_[k]));
        for (std::size_t off = 0; off < sizeof(float) * dim; off += 64) __builtin_prefetch(img + off, 0, 2);
    }
#endif

    const float cost = net_.forward_backward(batch_x_.data(), batch_y_.data(), B, ws_, grads_);
    gradient_step_ = -1;  // until the step is applied

    // The divergence guard: nothing is applied unless cost and update are finite.
    DivergenceRecord d;
    if (std::isnan(cost)) {
        d.kind = DivergenceKind::CostNaN;
        d.value = cost;
    } else if (std::isinf(cost)) {
        d.kind = DivergenceKind::CostInfinite;
        d.value = cost;
    } else {
        const bool squares = train_cfg_.optimizer == OptimizerKind::Adam ||
                             train_cfg_.optimizer == OptimizerKind::RMSprop;
        const float limit = squares ? kMaxSquaredGradient
                                : kMaxUpdate / train_cfg_.learning_rate;
        // The fast proof almost always holds; when it does not, look at every component.
        const float gmax = gradient_within(limit, B) ? 0.0f : grads_.max_abs();
        if (!std::isfinite(gmax)) {
            d.kind = DivergenceKind::GradientInfinite;
            d.value = gmax;
        } else if (gmax > limit) {
            d.kind = DivergenceKind::GradientExploded;
            d.value = gmax;
        }
    }
    if (d.kind != DivergenceKind::None) {
        // Steps before this one may have been finite but already ruinous (weights
        // growing by orders of magnitude), so go back to the last known-good
        // weights rather than keep the last finite ones.
        for (std::size_t l = 0; l < net_.layers().size(); ++l) {
            net_.layers()[l].W = checkpoint_.layers()[l].W;
            net_.layers()[l].b = checkpoint_.layers()[l].b;
        }
        opt_.reset();
        stats_.running_cost = checkpoint_running_cost_;  // the blown-up costs left with the weights
        d.step = stats_.step + 1;
        d.restored_step = checkpoint_step_;
        d.learning_rate = train_cfg_.learning_rate;
        stats_.diverged = true;
        stats_.divergence = d;
        stats_.message = describe(d);
        return false;
    }

    opt_.step(net_, grads_, train_cfg_);

    ++stats_.step;
    gradient_step_ = stats_.step;
    last_batch_pos_ = pos;
    last_batch_count_ = B;
    stats_.samples_seen += B;
    stats_.samples_in_epoch += B;
    stats_.batch_cost = cost;
    const float alpha = std::clamp(static_cast<float>(B) / 1000.0f, 0.01f, 1.0f);
    stats_.running_cost = std::isnan(stats_.running_cost) ? cost
                                                          : (1 - alpha) * stats_.running_cost + alpha * cost;
    epoch_cost_sum_ += static_cast<double>(cost) * B;
    epoch_samples_ += B;
    if (stats_.samples_in_epoch >= n) {
        ++stats_.epoch;
        stats_.epoch_cost = static_cast<float>(epoch_cost_sum_ / epoch_samples_);
        epoch_cost_sum_ = 0;
        epoch_samples_ = 0;
        stats_.samples_in_epoch = 0;
        need_shuffle_ = true;
        take_checkpoint();
    }
    return true;
}

// True when every |dC/dparam| <= limit, proved without reading the first
// layer's weight gradient, the largest one: dW0 = D0^T X sums B products, so
// |dW0| <= B * max|D0| * max|X|. The other layers are checked exactly. False
// means "not proved": the caller then looks at every component.
bool Trainer::gradient_within(float limit, int B) const {
    const std::size_t L = grads_.dW.size();
    if (L == 0 || ws_.delta.empty() || !(train_xmax_ < INFINITY)) return false;
    for (std::size_t l = 1; l < L; ++l)
        if (!all_abs_at_most(grads_.dW[l].data(), grads_.dW[l].size(), limit) ||
            !all_abs_at_most(grads_.db[l].data(), grads_.db[l].size(), limit))
            return false;
    if (!all_abs_at_most(grads_.db[0].data(), grads_.db[0].size(), limit)) return false;
    const float dlimit = limit / (static_cast<float>(B) * std::max(train_xmax_, 1e-30f));
    return all_abs_at_most(ws_.delta[0].data(), static_cast<std::size_t>(B) * net_.layers().front().out, dlimit);
}

int Trainer::train_steps(int n) {
    const auto t0 = Clock::now();
    const long long seen0 = stats_.samples_seen;
    int done = 0;
    while (done < n && step_once()) ++done;
    note_time(seconds_since(t0), stats_.samples_seen - seen0);
    return done;
}

int Trainer::train_samples(long long n) {
    const auto t0 = Clock::now();
    const long long seen0 = stats_.samples_seen;
    int done = 0;
    while (stats_.samples_seen - seen0 < n && step_once()) ++done;
    note_time(seconds_since(t0), stats_.samples_seen - seen0);
    return done;
}

int Trainer::train_for(double seconds, int max_steps) {
    if (!(seconds > 0)) return 0;
    const auto t0 = Clock::now();
    const long long seen0 = stats_.samples_seen;
    int done = 0;
    double elapsed = 0;
    while (done < max_steps && step_once()) {
        ++done;
        elapsed = seconds_since(t0);
        if (elapsed >= seconds) break;
    }
    note_time(done > 0 ? elapsed : seconds_since(t0), stats_.samples_seen - seen0);
    return done;
}

void Trainer::prepare_order() {
    if (has_data() && (need_shuffle_ || static_cast<int>(order_.size()) != train_count())) {
        new_epoch_order();
        stats_.samples_in_epoch = 0;
    }
}

int Trainer::train_epoch() {
    const auto t0 = Clock::now();
    const long long seen0 = stats_.samples_seen;
    const int epoch0 = stats_.epoch;
    int done = 0;
    while (stats_.epoch == epoch0 && step_once()) ++done;
    note_time(seconds_since(t0), stats_.samples_seen - seen0);
    return done;
}

// ---- evaluation ------------------------------------------------------------------

void Trainer::eval_chunk(const Dataset& d, int begin, int count, EvalPass& pass) {
    const int N = net_.layers().back().out;
    const uint8_t* labels = d.labels.data() + begin;
    const float mean = net_.forward_loss(d.image(begin), labels, count, eval_ws_);
    pass.cost_sum += static_cast<double>(mean) * count;
    pass.health.add(eval_ws_, count);
    const float* out = eval_ws_.output();
    for (int r = 0; r < count; ++r) {
        const float* o = out + static_cast<std::size_t>(r) * N;
        int pred = 0;
        for (int i = 1; i < N; ++i)
            if (o[i] > o[pred]) pred = i;
        const int y = labels[r];
        if (!pass.partial.predicted.empty()) {  // the test pass keeps each image's answer
            pass.partial.predicted[static_cast<std::size_t>(begin + r)] = static_cast<uint8_t>(std::min(pred, 255));
            pass.partial.confidence[static_cast<std::size_t>(begin + r)] = o[pred];
        }
        if (y < 10 && pred < 10) ++pass.partial.confusion[y][pred];
        if (pred == y) ++pass.correct;
    }
    pass.partial.samples += count;
}

bool Trainer::eval_slice(const Dataset& d, int count, int max_samples, EvalPass& pass, EvalResult& result) {
    if (count <= 0 || max_samples <= 0 || net_.layers().empty()) return false;
    if (d.dim != net_.config().inputs) {
        stats_.message = "the images have " + std::to_string(d.dim) + " pixels but the network expects " +
                         std::to_string(net_.config().inputs);
        return false;
    }
    if (pass.pos == 0) {
        pass = EvalPass{};
        pass.health.begin(net_);
        if (&pass == &test_pass_) {  // the gallery and the selected sample read each test image's answer
            pass.partial.predicted.assign(static_cast<std::size_t>(count), 0);
            pass.partial.confidence.assign(static_cast<std::size_t>(count), 0.0f);
        }
    }
    // Slices end on whole chunks, so that the chunks (and the sums of their
    // means) are the same however the pass was sliced: a test cost does not
    // depend on how long the frames were (a run continued after a reload
    // measures the same costs as one that never stopped).
    const int asked = pass.pos + std::max(max_samples, 1);
    const int end = std::min(count, (asked + kEvalChunk - 1) / kEvalChunk * kEvalChunk);
    while (pass.pos < end) {
        const int c = std::min(kEvalChunk, end - pass.pos);
        eval_chunk(d, pass.pos, c, pass);
        pass.pos += c;
    }
    if (pass.pos < count) return false;
    EvalResult& r = pass.partial;
    r.at_step = stats_.step;
    r.cost = static_cast<float>(pass.cost_sum / r.samples);
    r.accuracy = static_cast<float>(pass.correct) / static_cast<float>(r.samples);
    for (int c = 0; c < 10; ++c) {
        int total = 0;
        for (int p = 0; p < 10; ++p) total += r.confusion[c][p];
        r.class_accuracy[c] = total > 0 ? static_cast<float>(r.confusion[c][c]) / total : 0.0f;
    }
    r.health = pass.health.finish();
    result = r;
    pass = EvalPass{};
    return true;
}

bool Trainer::evaluate_slice(int max_samples) {
    if (!test_) return false;
    return eval_slice(*test_, test_->count, max_samples, test_pass_, eval_);
}

const EvalResult& Trainer::evaluate() {
    test_pass_ = EvalPass{};
    if (test_) evaluate_slice(test_->count);
    return eval_;
}

EvalResult Trainer::quick_eval(int count) {
    EvalResult r;
    if (!test_ || net_.layers().empty() || test_->dim != net_.config().inputs) return r;
    count = std::min(count, test_->count);
    EvalPass pass;
    pass.health.begin(net_);
    for (int pos = 0; pos < count; pos += kEvalChunk) eval_chunk(*test_, pos, std::min(kEvalChunk, count - pos), pass);
    if (pass.partial.samples == 0) return r;
    r.samples = pass.partial.samples;
    r.at_step = stats_.step;
    r.cost = static_cast<float>(pass.cost_sum / r.samples);
    r.accuracy = static_cast<float>(pass.correct) / static_cast<float>(r.samples);
    r.confusion = pass.partial.confusion;
    return r;
}

std::vector<int> Trainer::last_batch() const {
    if (gradient_step_ < 0 || last_batch_count_ <= 0 ||
        last_batch_pos_ + last_batch_count_ > static_cast<int>(order_.size()))
        return {};
    return std::vector<int>(order_.begin() + last_batch_pos_, order_.begin() + last_batch_pos_ + last_batch_count_);
}

float Trainer::sample_gradient(const float* x, int label, Gradients& g) const {
    if (x == nullptr || label < 0 || label > 255 || net_.layers().empty()) return NAN;
    Workspace ws;
    const uint8_t y = static_cast<uint8_t>(label);
    return net_.forward_backward(x, &y, 1, ws, g);
}

bool Trainer::evaluate_train_slice(int max_samples) {
    if (!train_) return false;
    return eval_slice(*train_, train_count(), max_samples, train_pass_, train_eval_);
}

const EvalResult& Trainer::evaluate_train() {
    train_pass_ = EvalPass{};
    evaluate_train_slice(train_count());
    return train_eval_;
}

SampleView Trainer::inspect_test(int index) const {
    if (!test_ || index < 0 || index >= test_->count || test_->dim != net_.config().inputs) return SampleView{};
    return net_.inspect(test_->image(index), test_->labels[index]);
}

}  // namespace nnplay
