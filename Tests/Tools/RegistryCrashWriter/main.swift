// Saves ever-growing registries to a state dir in a tight loop until killed.
// Used by the crash-safety test, which sends SIGKILL at random moments and
// then checks that the registry still loads.
import Foundation
import Kernel
import Store

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: RegistryCrashWriter STATE_DIR\n".utf8))
    exit(2)
}
let store = try FileRegistryStore(stateDir: arguments[1])
var generation = 0
while true {
    generation += 1
    let apps = (0..<(generation % 200 + 1)).map { index in
        ManagedApp(
            spec: AppSpec(name: "app-\(index)", runtime: "nodejs", scriptPath: "/srv/app-\(index)/server.js",
                          workingDir: "/srv/app-\(index)", user: "nobody", environment: ["GENERATION": "\(generation)"]),
            createdAt: Date(), updatedAt: Date())
    }
    try store.save(apps)
    if generation == 1 { FileHandle.standardOutput.write(Data("ready\n".utf8)) }
}
