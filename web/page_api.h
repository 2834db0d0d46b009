// page_api.h: the C functions the page's JavaScript calls (web build only;
// web/page/nnplay.js wraps them as window.nnplay, web/page/exports.txt lists them).
#pragma once
#include "web/app/app.h"

// Connects the exported functions to the running App.
void attach_page_api(nnplay::App& app);
