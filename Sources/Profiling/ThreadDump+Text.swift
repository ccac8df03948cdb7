extension ThreadDump {
    /// The dump for people, in the shape of Go's goroutine dump:
    ///
    /// ```
    /// thread 4242 "NIO-ELT-0-#0" [sleeping]:
    /// NIOPosix.Epoll.wait(...) + 0x3c
    /// 	/srv/catalog +0x1a2b3c (0x55d0c0a1a2b3c)
    /// ```
    public var text: String {
        var text = "process \(processID): \(threads.count) threads\n"
        for thread in threads {
            text += "\nthread \(thread.id) \"\(thread.name)\" [\(thread.state)\(thread.isCurrent ? ", current" : "")]:\n"
            if let note = thread.note { text += "(\(note))\n" }
            for frame in thread.frames {
                text += frame.displayName
                if frame.function != nil, let offset = frame.functionOffset { text += " + 0x" + String(offset, radix: 16) }
                text += "\n\t\(frame.module.isEmpty ? "?" : frame.module) +0x\(String(frame.moduleOffset, radix: 16))"
                text += " (0x\(String(frame.address, radix: 16)))\n"
            }
        }
        return text
    }
}
