fn main() -> Result<(), oagen::Error> {
    oagen::compile_specs(&["spec/lineworks.yaml", "spec/rocketchat.yaml"])
}
