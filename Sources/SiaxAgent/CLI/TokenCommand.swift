import ArgumentParser
import Foundation

/// `siax-agent token create|list|delete` (admin): API tokens of a running agent.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, list and delete API tokens (admin).",
        subcommands: [Create.self, List.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token; it is printed once on standard output.")

        @OptionGroup var client: ClientOptions
        @Option(name: .long, help: "viewer, operator or admin.") var role: String
        @Option(name: .long, help: "A name for the token (who or what uses it).") var name: String

        func run() async throws {
            try await runCLI {
                let body = try JSONSerialization.data(withJSONObject: ["name": name, "role": role])
                let data = try await client.client().send(.POST, "/api/tokens", json: body)
                if client.json { return printJSON(data) }
                let token = try APIClient.decode(TokenInfo.self, data)
                print(token.token ?? "")
                printError("created token '\(token.name)' (role \(token.role), id \(token.id)); it is shown only once")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never the tokens themselves).")

        @OptionGroup var client: ClientOptions

        func run() async throws {
            try await runCLI {
                let (list, raw) = try await client.client().get(TokenList.self, "/api/tokens")
                if client.json { return printJSON(raw) }
                var rows = [["ID", "NAME", "ROLE", "CREATED"]]
                for token in list.tokens { rows.append([token.id, token.name, token.role, Human.text(token.createdAt)]) }
                print(Table.render(rows))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a token by id.")

        @OptionGroup var client: ClientOptions
        @Argument(help: "The token's id (from token list).") var id: String

        func run() async throws {
            try await runCLI {
                let data = try await client.client().send(.DELETE, "/api/tokens/\(APIClient.segment(id))")
                if client.json { return printJSON(data) }
                print("deleted token \(id)")
            }
        }
    }
}
