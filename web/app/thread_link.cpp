// thread_link.cpp: the desktop's RunLink (run_controller.h): a std::thread
// running a RunRemote. Native builds only (web/web.cmake leaves it out of the
// page, which trains in a Web Worker: web/worker_link.cpp).
//
// One thread per App: it waits for a message while it has nothing to do, and
// between slices of work takes the messages that came.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "web/app/run_controller.h"

namespace nnplay {


namespace {
class ThreadLink final : public RunLink {
public:
    ThreadLink() : thread_([this] { loop(); }) {}
    ~ThreadLink() override {
        {
            std::lock_guard<std::mutex> l(m_);
            quit_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }
    void send(std::vector<uint8_t> message) override {
        {
            std::lock_guard<std::mutex> l(m_);
            in_.push_back(std::move(message));
        }
        cv_.notify_all();
    }
    bool receive(std::vector<uint8_t>& message) override {
        std::lock_guard<std::mutex> l(m_);
        if (out_.empty()) return false;
        message = std::move(out_.front());
        out_.pop_front();
        return true;
    }
    bool ready() const override {
        std::lock_guard<std::mutex> l(m_);
        return has_data_;
    }
    void set_data(DatasetPtr train, DatasetPtr test) override {
        {
            std::lock_guard<std::mutex> l(m_);
            data_ = {std::move(train), std::move(test)};
            new_data_ = true;
            has_data_ = false;
        }
        cv_.notify_all();
    }
    const char* kind() const override { return "thread"; }

private:
    void loop() {
        for (;;) {
            std::deque<std::vector<uint8_t>> in;
            std::pair<DatasetPtr, DatasetPtr> data;
            bool new_data = false;
            {
                std::unique_lock<std::mutex> l(m_);
                cv_.wait(l, [&] { return quit_ || !in_.empty() || new_data_ || remote_.busy(); });
                if (quit_) return;
                in.swap(in_);
                if (new_data_) {
                    data = data_;
                    new_data = true;
                    new_data_ = false;
                }
            }
            if (new_data) {
                remote_.set_data(data.first, data.second);
                std::lock_guard<std::mutex> l(m_);
                has_data_ = remote_.has_data() && !new_data_;
            }
            for (const auto& m : in) remote_.receive(m.data(), m.size());
            std::vector<uint8_t> out = remote_.work(0.02);
            if (!out.empty()) {
                std::lock_guard<std::mutex> l(m_);
                out_.push_back(std::move(out));
            }
        }
    }

    mutable std::mutex m_;
    std::condition_variable cv_;
    std::deque<std::vector<uint8_t>> in_, out_;
    std::pair<DatasetPtr, DatasetPtr> data_;
    bool new_data_ = false, has_data_ = false, quit_ = false;
    RunRemote remote_;  // used by the thread only (after construction)
    std::thread thread_;  // last: starts after the members above exist
};
}  // namespace

std::unique_ptr<RunLink> make_thread_link() { return std::make_unique<ThreadLink>(); }

}  // namespace nnplay
