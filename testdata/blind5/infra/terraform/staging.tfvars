environment        = "staging"
datadog_api_key    = "371de4d2e864f08f535e55b5e0d956e9"
tfe_token          = "90qYVMWRJgRIuf.atlasv1.7Z7MWwDAMLYuEYaI506ed4UJtrbmG7Xznrltf4RzAeE0wotfkpX61Chz3S2zjrgQ9ty"
kms_key_id         = "1234abcd-12ab-34cd-56ef-1234567890ab"
