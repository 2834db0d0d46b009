// page_api.h: the C functions the page's JavaScript calls (web build only):
// web/page/nnplay-embed.js wraps them as each playground's API (element.nnplay,
// window.nnplay on index.html); web/page/exports.txt lists them for the linker.
// Each playground in a page is a module instance of its own, so these
// functions act on that instance's one App.
//
// What it does not do: fetch anything or touch the page's DOM (the JS does),
// except the App's requests to the page (About, Share), which go out through
// Module.nnplayRequest(what).
//
// Use: attach_page_api(app) once the App exists (web/main.cpp).
#pragma once
#include "web/app/app.h"

// Connects the exported functions to the running App.
void attach_page_api(nnplay::App& app);
