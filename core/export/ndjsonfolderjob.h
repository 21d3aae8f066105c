#pragma once

#include "deliveryjob.h"

namespace medpull {

// Writes a pull's resources to <folder>/pull-<id>/<Type>.ndjson, one file per
// type, what it found deleted to deleted.ndjson (transaction Bundles of
// `DELETE Type/id` entries, as Bulk Data's `deleted` files; listed under
// "deleted" in the manifest), then manifest.json. Each file is written under
// a temporary name and renamed when complete, and the manifest comes last, so
// a reader that waits for it never sees half a delivery. Writing again
// replaces the same files.
class NdjsonFolderJob : public DeliveryJob {
    Q_OBJECT

public:
    NdjsonFolderJob(const Database &database, DeliveryInput input, QObject *parent = nullptr);
    void start() override;

    static QString deliveryFolderName(qint64 pullId);

private:
    DeliveryResult write();
};

// A stored resource as one NDJSON line (without the newline): the bytes as
// the source sent them, compacted only when they span several lines.
QByteArray ndjsonLine(const QByteArray &content);

} // namespace medpull
