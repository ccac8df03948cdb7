/// A CPU profile in the making: raw stacks in, `perftools.profiles.Profile` protobuf out.
///
/// Spec: https://github.com/google/pprof/blob/main/proto/profile.proto (field numbers in the comments).
/// Every location carries its function (`has_functions` on its mapping), so readers need no binary.
struct PprofProfile {
    /// One stack as the signal handler saw it: `frames[0]` the interrupted instruction, then return addresses.
    struct RawSample: Hashable {
        var frames: [UInt64]
        var label: SpanLabel?
    }

    var samples: [RawSample] = []
    var startUnixNanos: Int64 = 0
    var durationNanos: Int64 = 0
    var periodNanos: Int64 = 10_000_000
    var droppedSamples = 0

    /// The encoded `Profile` message (uncompressed; pprof readers accept it as is).
    func encoded(symbolizer: Symbolizer, memoryMap: MemoryMap) -> [UInt8] {
        var tables = Tables()
        var counts: [[UInt64]: [SpanLabel?: Int64]] = [:]
        for sample in samples {
            var locations: [UInt64] = []
            locations.reserveCapacity(sample.frames.count)
            for (index, address) in sample.frames.enumerated() {
                locations.append(tables.location(address, isReturnAddress: index > 0, symbolizer: symbolizer, memoryMap: memoryMap))
            }
            counts[locations, default: [:]][sample.label, default: 0] += 1
        }
        let samplesType = (tables.string("samples"), tables.string("count"))
        let cpuType = (tables.string("cpu"), tables.string("nanoseconds"))
        let traceKey = tables.string("trace_id")
        let spanKey = tables.string("span_id")
        let comment = droppedSamples > 0 ? tables.string("\(droppedSamples) samples dropped: sample buffer full") : 0

        var profile = ProtobufWriter()
        for (type, unit) in [samplesType, cpuType] {
            profile.message(1) { $0.int64(1, type); $0.int64(2, unit) }  // sample_type
        }
        for (locations, byLabel) in counts {
            for (label, count) in byLabel {
                profile.message(2) { sample in  // sample
                    sample.packed(1, locations)  // location_id
                    sample.packed(2, [UInt64(count), UInt64(count * periodNanos)])  // value
                    if let label {
                        let traceID = tables.string(label.traceIDHex)
                        let spanID = tables.string(label.spanIDHex)
                        sample.message(3) { $0.int64(1, traceKey); $0.int64(2, traceID) }  // label
                        sample.message(3) { $0.int64(1, spanKey); $0.int64(2, spanID) }
                    }
                }
            }
        }
        for (mapping, id) in tables.mappings.sorted(by: { $0.value < $1.value }) {
            let filename = tables.string(mapping.path)
            profile.message(3) { entry in  // mapping
                entry.uint64(1, id)
                entry.uint64(2, mapping.start)
                entry.uint64(3, mapping.end)
                entry.uint64(4, mapping.fileOffset)
                entry.int64(5, filename)
                entry.bool(7, true)  // has_functions
            }
        }
        for location in tables.locations {
            profile.message(4) { entry in  // location
                entry.uint64(1, location.id)
                entry.uint64(2, location.mappingID)
                entry.uint64(3, location.address)
                entry.message(4) { $0.uint64(1, location.functionID) }  // line { function_id }
            }
        }
        for function in tables.functions {
            profile.message(5) { entry in  // function
                entry.uint64(1, function.id)
                entry.int64(2, function.name)
                entry.int64(3, function.systemName)
                entry.int64(4, function.filename)
            }
        }
        for string in tables.strings { profile.string(6, string) }  // string_table
        profile.int64(9, startUnixNanos)  // time_nanos
        profile.int64(10, durationNanos)  // duration_nanos
        profile.message(11) { $0.int64(1, cpuType.0); $0.int64(2, cpuType.1) }  // period_type
        profile.int64(12, periodNanos)  // period
        if comment != 0 { profile.packed(13, [UInt64(comment)]) }  // comment
        profile.int64(14, cpuType.0)  // default_sample_type
        return profile.bytes
    }
}

extension PprofProfile {
    /// The string, location, function and mapping tables, deduplicated as they fill.
    fileprivate struct Tables {
        struct Location {
            var id: UInt64
            var mappingID: UInt64
            var address: UInt64
            var functionID: UInt64
        }
        struct Function {
            var id: UInt64
            var name: Int64
            var systemName: Int64
            var filename: Int64
        }

        var strings: [String] = [""]
        var stringIndex: [String: Int64] = ["": 0]
        var locations: [Location] = []
        var locationIndex: [UInt64: UInt64] = [:]
        var functions: [Function] = []
        var functionIndex: [String: UInt64] = [:]
        var mappings: [MemoryMap.Mapping: UInt64] = [:]

        mutating func string(_ value: String) -> Int64 {
            if let index = stringIndex[value] { return index }
            let index = Int64(strings.count)
            strings.append(value)
            stringIndex[value] = index
            return index
        }

        mutating func location(_ address: UInt64, isReturnAddress: Bool, symbolizer: Symbolizer, memoryMap: MemoryMap) -> UInt64 {
            // Callers' frames are keyed by their call instruction (return address - 1), as pprof expects.
            let key = isReturnAddress && address > 0 ? address - 1 : address
            if let id = locationIndex[key] { return id }
            let frame = symbolizer.frame(address, isReturnAddress: isReturnAddress, memoryMap: memoryMap)
            var mappingID: UInt64 = 0
            if let mapping = memoryMap.mapping(containing: key) {
                mappingID = mappings[mapping] ?? UInt64(mappings.count + 1)
                mappings[mapping] = mappingID
            }
            let name = frame.displayName
            let functionID: UInt64
            if let known = functionIndex[name] {
                functionID = known
            } else {
                functionID = UInt64(functions.count + 1)
                functions.append(
                    Function(id: functionID, name: string(name), systemName: string(frame.symbol ?? name), filename: string(frame.module))
                )
                functionIndex[name] = functionID
            }
            let id = UInt64(locations.count + 1)
            locations.append(Location(id: id, mappingID: mappingID, address: key, functionID: functionID))
            locationIndex[key] = id
            return id
        }
    }
}
