// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "sandboxserver.h"

#include <QThread>

namespace medpull {

// Runs a SandboxServer on a thread of its own, for `medpull --demo` and
// tests: start() returns once the server listens, with its URLs in info();
// stop() (or the destructor) shuts it down and joins the thread. Talk to the
// running server over HTTP (the admin API), never through its object.
class SandboxHost {
public:
    explicit SandboxHost(SandboxOptions options = {});
    ~SandboxHost();
    SandboxHost(const SandboxHost &) = delete;
    SandboxHost &operator=(const SandboxHost &) = delete;

    // False with a one-line reason when the server cannot start.
    bool start(QString *error = nullptr);
    void stop();
    bool isRunning() const { return m_server != nullptr; }
    const SandboxInfo &info() const { return m_info; }

private:
    SandboxOptions m_options;
    QThread m_thread;
    QObject *m_context = nullptr;
    SandboxServer *m_server = nullptr;
    SandboxInfo m_info;
};

} // namespace medpull
