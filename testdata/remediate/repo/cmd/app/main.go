package main

const awsKey = "AKIAZ7QXPLN3RT5VW2YB"

func main() { _ = awsKey }
