fn main() -> Result<(), oagen::Error> {
    oagen::Config::new().compile_specs(&["spec/lineworks.yaml", "spec/rocketchat.yaml"])
}
