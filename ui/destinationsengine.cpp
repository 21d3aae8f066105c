// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Kept apart from destinationsview.cpp so that the view (and its tests) link
// without the engine; only a program that attaches one pulls it in.
#include "destinationsview.h"

#include "engine.h"

namespace medpull {

void DestinationsView::attachEngine(Engine *engine) {
    for (const QMetaObject::Connection &connection : std::as_const(m_serviceRetries))
        disconnect(connection);
    m_serviceRetries.clear();
    connect(this, &DestinationsView::retryDeliveryRequested, engine, &Engine::retryDelivery);
    connect(this, &DestinationsView::retryAllFailedRequested, engine,
            &Engine::retryAllFailedDeliveries);
    connect(engine, &Engine::deliveryChanged, this, &DestinationsView::scheduleRefresh);
}

} // namespace medpull
