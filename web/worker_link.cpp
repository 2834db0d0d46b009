// worker_link.cpp: both ends of the page's worker (see worker_link.h).
//
// The App's end (the page's instance): WorkerLink sends through
// Module.nnplayRunSend (nnplay-embed.js posts the bytes to the worker,
// transferred); the worker's answers come in through nnplay_run_incoming, its
// state through nnplay_run_state.
// The worker's end (the worker's instance, main() not run): nnplay_remote_data
// gives it the same MNIST files the page read, nnplay_remote_receive a message,
// nnplay_remote_work a slice of work, nnplay_remote_out_* the reports to post.
#include "web/worker_link.h"

#include <emscripten.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "engine/data/idx.h"
#include "web/app/app.h"
#include "web/app/run_controller.h"

namespace {

EM_JS(int, nnplay_js_run_send, (const uint8_t* data, int size), {
    if (typeof Module["nnplayRunSend"] !== "function") return 0;
    Module["nnplayRunSend"](HEAPU8.slice(data, data + size));
    return 1;
});

class WorkerLink final : public nnplay::RunLink {
public:
    void send(std::vector<uint8_t> message) override {
        if (!nnplay_js_run_send(message.data(), int(message.size())) && failure_.empty())
            failure_ = "the page has no worker";
    }
    bool receive(std::vector<uint8_t>& message) override {
        if (in_.empty()) return false;
        message = std::move(in_.front());
        in_.pop_front();
        return true;
    }
    bool ready() const override { return ready_; }
    bool starting() const override { return starting_; }
    std::string failure() const override { return failure_; }
    void set_data(nnplay::DatasetPtr, nnplay::DatasetPtr) override {}  // the page gave the worker its own copy
    const char* kind() const override { return "worker"; }

    std::deque<std::vector<uint8_t>> in_;
    bool ready_ = false, starting_ = true;
    std::string failure_;
};

WorkerLink* g_link = nullptr;  // owned by the App

// The worker's end.
std::unique_ptr<nnplay::RunRemote> g_remote;
std::deque<std::vector<uint8_t>> g_out;
std::string g_reply;

}  // namespace

void attach_worker_link(nnplay::App& app) {
    auto link = std::make_unique<WorkerLink>();
    g_link = link.get();
    app.set_run_link(std::move(link));
}

extern "C" {

// ---- the App's end ------------------------------------------------------------------
// state: 1 the worker is ready, 0 there is none (the page turned it off: worker=0),
// -1 it failed (`why` says why; the App says so once and trains in its frames).
EMSCRIPTEN_KEEPALIVE void nnplay_run_state(int state, const char* why) {
    if (!g_link) return;
    g_link->ready_ = state == 1;
    g_link->starting_ = false;
    g_link->failure_ = state < 0 ? std::string(why && *why ? why : "the worker stopped") : std::string();
}

EMSCRIPTEN_KEEPALIVE void nnplay_run_incoming(const uint8_t* data, int size) {
    if (g_link && size > 0) g_link->in_.emplace_back(data, data + size);
}

// ---- the worker's end ---------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE const char* nnplay_remote_data(const uint8_t* train_images, int train_images_size,
                                                     const uint8_t* train_labels, int train_labels_size,
                                                     const uint8_t* test_images, int test_images_size,
                                                     const uint8_t* test_labels, int test_labels_size) {
    auto train = std::make_shared<nnplay::Dataset>();
    auto test = std::make_shared<nnplay::Dataset>();
    g_reply = nnplay::parse_idx_pair(train_images, std::size_t(train_images_size), train_labels,
                                     std::size_t(train_labels_size), *train);
    if (g_reply.empty())
        g_reply = nnplay::parse_idx_pair(test_images, std::size_t(test_images_size), test_labels,
                                         std::size_t(test_labels_size), *test);
    if (g_reply.empty()) {
        if (!g_remote) g_remote = std::make_unique<nnplay::RunRemote>();
        g_remote->set_data(train, test);
    }
    return g_reply.c_str();
}

EMSCRIPTEN_KEEPALIVE void nnplay_remote_receive(const uint8_t* data, int size) {
    if (g_remote && size > 0) g_remote->receive(data, std::size_t(size));
}

// Works for about slice_ms (at least one step); 1 while there is more to do.
EMSCRIPTEN_KEEPALIVE int nnplay_remote_work(double slice_ms) {
    if (!g_remote) return 0;
    std::vector<uint8_t> out = g_remote->work(slice_ms / 1000.0);
    if (!out.empty()) g_out.push_back(std::move(out));
    return g_remote->busy() ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE int nnplay_remote_out_size() { return g_out.empty() ? 0 : int(g_out.front().size()); }
EMSCRIPTEN_KEEPALIVE const uint8_t* nnplay_remote_out_data() { return g_out.empty() ? nullptr : g_out.front().data(); }
EMSCRIPTEN_KEEPALIVE void nnplay_remote_out_pop() {
    if (!g_out.empty()) g_out.pop_front();
}

}  // extern "C"
