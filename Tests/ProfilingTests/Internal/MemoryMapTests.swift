@testable import Profiling
import Testing

@Suite struct MemoryMapTests {
    static let maps = """
        55d0c0a00000-55d0c0a10000 r--p 00000000 08:01 1234                       /srv/catalog
        55d0c0a10000-55d0c0b20000 r-xp 00010000 08:01 1234                       /srv/catalog
        7f00aa000000-7f00aa021000 rw-p 00000000 00:00 0 
        7f00ab000000-7f00ab100000 r-xp 00028000 08:01 99                         /usr/lib/x86_64-linux-gnu/libc.so.6
        7ffd1c000000-7ffd1c002000 r-xp 00000000 00:00 0                          [vdso]
        """

    @Test func init_mapsText_keepsExecutableFileMappingsOnly() {
        let map = MemoryMap(text: Self.maps)
        #expect(map.mappings.map(\.path) == ["/srv/catalog", "/usr/lib/x86_64-linux-gnu/libc.so.6"])
        #expect(map.mappings.first?.fileOffset == 0x10000)
    }

    @Test func mapping_addressInsideOrOutside_findsTheMappingOrNil() {
        let map = MemoryMap(text: Self.maps)
        #expect(map.mapping(containing: 0x55d0_c0a1_2345)?.path == "/srv/catalog")
        #expect(map.mapping(containing: 0x7f00_ab0f_ffff)?.path == "/usr/lib/x86_64-linux-gnu/libc.so.6")
        #expect(map.mapping(containing: 0x7f00_ab10_0000) == nil)
        #expect(map.mapping(containing: 0x55d0_c0a0_0000) == nil)  // r--p: not executable
    }

    @Test func current_process_containsThisTestBinary() {
        let here = UInt64(UInt(bitPattern: unsafeBitCast(MemoryMapTests.anchor as @convention(c) () -> Void, to: UnsafeRawPointer.self)))
        #expect(MemoryMap.current().mapping(containing: here) != nil)
    }

    static let anchor: @convention(c) () -> Void = {}
}
