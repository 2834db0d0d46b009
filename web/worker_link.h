// worker_link.h: training in the page's Web Worker (web build only). Both
// ends live in the same nnplay.wasm: the page's instance runs main() and the
// App, and gives it a WorkerLink (attach_worker_link); the worker's instance
// (web/page/nnplay-worker.js) is started without main() and drives a
// RunRemote through the nnplay_remote_* functions (web/worker_link.cpp).
// The bytes between them are run_controller.h's messages.
//
// What it does not do: start the worker or move the bytes (nnplay-embed.js does).
#pragma once

namespace nnplay {
class App;
}

// The App's end: until the page says the worker is ready, the App trains in
// its frames (or waits a little for the worker when training starts).
void attach_worker_link(nnplay::App& app);
