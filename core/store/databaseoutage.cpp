// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "databaseoutage.h"

#include <algorithm>

namespace medpull {

bool DatabaseOutage::failed(const QString &reason, qint64 nowMs) {
    const bool starts = !m_active;
    m_delayMs = starts ? firstDelayMs : std::min(m_delayMs * 2, maxDelayMs);
    m_active = true;
    m_reason = reason;
    m_nextAttemptMs = nowMs + m_delayMs;
    return starts;
}

bool DatabaseOutage::noticed(const QString &reason, qint64 nowMs) {
    if (m_active)
        return false;
    return failed(reason, nowMs);
}

bool DatabaseOutage::succeeded() {
    const bool ends = m_active;
    m_active = false;
    m_reason.clear();
    m_delayMs = 0;
    m_nextAttemptMs = 0;
    return ends;
}

} // namespace medpull
