// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <array>
#include <cstdint>
#include <functional>

namespace medpull::sandbox {

// Resource types the sandbox serves. The first `SearchableKinds` are searched
// by `patient`; the rest are the Patient itself and resources reached by
// reference.
enum class Kind : quint8 {
    AllergyIntolerance,
    CarePlan,
    CareTeam,
    Condition,
    Device,
    DiagnosticReport,
    DocumentReference,
    Encounter,
    Goal,
    Immunization,
    MedicationRequest,
    Observation,
    Procedure,
    Patient,
    Medication,
    Practitioner,
    PractitionerRole,
    Organization,
    Location,
    Binary,
};
constexpr int SearchableKinds = 13;
constexpr int KindCount = 20;

const char *kindName(Kind kind);
// -1 when the name is not a type the sandbox serves.
int kindFromName(QStringView name);

enum class ObservationCategory : quint8 { VitalSigns, Laboratory, SocialHistory };
const char *categoryCode(ObservationCategory category);
int categoryFromCode(QStringView code);

// One resource: a patient's own (patient >= 0) or one shared by the portal
// (patient == -1: Medication, Practitioner, PractitionerRole, Organization,
// Location).
struct ResourceRef {
    Kind kind = Kind::Patient;
    int patient = -1;
    int index = 0;
};

struct DatasetConfig {
    QByteArray portal;
    // First letter of every id at this portal, so ids from two portals never
    // collide in one database.
    char idPrefix = 'x';
    quint64 seed = 1;
    int patients = 5;
    int resourcesPerPatient = 40;
    // Portal patient i is person i * personStride: people at several portals
    // share a name, birth date and gender there.
    int personStride = 1;
};

// The synthetic records of one portal. Nothing is stored per resource: every
// resource is a function of (seed, portal, patient, type, index, version), so a
// million-resource sandbox starts at once and takes no memory for its data.
// Data changes only through advance(), which adds resources and new versions
// of existing ones.
class SandboxDataset {
public:
    explicit SandboxDataset(DatasetConfig config);

    const DatasetConfig &config() const { return m_config; }
    int patientCount() const { return m_config.patients; }
    QByteArray patientId(int patient) const;
    int patientFromId(QByteArrayView id) const;
    QString patientName(int patient) const;
    int personOf(int patient) const { return patient * m_config.personStride; }

    // Resources of a searchable kind the patient has now.
    int count(int patient, Kind kind) const;
    static int sharedCount(Kind kind);

    QByteArray resourceId(const ResourceRef &ref) const;
    // Ids like Epic's: every id but the Patient's gets a suffix that makes it
    // longer than FHIR's 64 characters, with `_` and `=` in it.
    void setLongIds(bool on) { m_longIds = on; }
    // MedicationRequest.intent spread over order, plan and proposal (else all order).
    void setSpreadIntents(bool on) { m_spreadIntents = on; }
    const char *medicationRequestIntent(int index) const;
    // Resolves an id of the given kind; false when no such resource exists now.
    bool resolve(Kind kind, QByteArrayView id, ResourceRef *ref) const;

    int version(const ResourceRef &ref) const;
    qint64 lastUpdatedMs(const ResourceRef &ref) const;
    ObservationCategory observationCategory(int index) const;

    // Appends the resource's JSON.
    void write(QByteArray &out, const ResourceRef &ref) const;
    QByteArray binaryContentType() const { return QByteArrayLiteral("text/plain"); }
    QByteArray binaryContent(const ResourceRef &ref) const;

    // What a complete pull of this patient must retrieve: the Patient, every
    // resource of each searchable kind, and each distinct resource reached by
    // following references (transitively) from them.
    std::array<int, KindCount> completePullCounts(int patient) const;
    // The shared resources (Medication, Practitioner, PractitionerRole,
    // Organization, Location) among those: bit i of the kind's mask is the
    // resource of index i. Costs one pass over the patient's resources.
    // With `included`, only references from the patient's resources it accepts count.
    std::array<quint64, KindCount>
    referencedShared(int patient,
                     const std::function<bool(const ResourceRef &)> &included = {}) const;
    // Resources of each kind whose current versionId is above 1.
    std::array<int, KindCount> updatedCounts(int patient) const;

    int generation() const { return int(m_advancedAtMs.size()); }
    // Adds resources to every patient and changes some existing ones, stamped
    // with nowMs (kept strictly increasing).
    void advance(qint64 nowMs);

private:
    struct Refs;
    bool resolveShort(Kind kind, QByteArrayView id, ResourceRef *ref) const;
    quint64 hash(Kind kind, int patient, int index, quint64 salt = 0) const;
    int baseCount(int patient, Kind kind) const;
    int createdIn(const ResourceRef &ref) const;
    bool changedIn(const ResourceRef &ref, int generation) const;
    qint64 clinicalMs(const ResourceRef &ref) const;
    Refs referencesOf(const ResourceRef &ref) const;
    void writeShared(class JsonOut &json, const ResourceRef &ref) const;
    void writeOwn(class JsonOut &json, const ResourceRef &ref, int version) const;
    void writeEncounterRef(class JsonOut &json, const ResourceRef &ref) const;

    DatasetConfig m_config;
    QList<qint64> m_advancedAtMs;
    bool m_longIds = false;
    bool m_spreadIntents = false;
};

// Writes ms since the epoch as a FHIR instant (UTC, milliseconds).
void appendInstant(QByteArray &out, qint64 ms);
QByteArray instant(qint64 ms);
// Writes the date part only (YYYY-MM-DD).
void appendDate(QByteArray &out, qint64 ms);

} // namespace medpull::sandbox
