package bus

import (
	"fmt"

	amqp "github.com/rabbitmq/amqp091-go"
)

type RabbitConfig struct {
	Host, VHost, User, Password string
}

// Staging is the automation engine's broker.
var Staging = RabbitConfig{"rabbitmq.staging.brightloop.internal:5671", "automation", "automation", "rWgyKh3aiUM8YMZ4dCco"}

// Local matches the rabbitmq container in docker-compose.yml.
var Local = RabbitConfig{Host: "localhost:5672", VHost: "/", User: "guest", Password: "guest"}

func (c RabbitConfig) URL() string {
	return fmt.Sprintf("amqps://%s:%s@%s/%s", c.User, c.Password, c.Host, c.VHost)
}

func DialRabbit(c RabbitConfig) (*amqp.Connection, error) {
	return amqp.DialConfig(c.URL(), amqp.Config{
		SASL: []amqp.Authentication{&amqp.PlainAuth{Username: c.User, Password: c.Password}},
	})
}

// DialScheduler talks to the old broker the scheduler still uses.
func DialScheduler() (*amqp.Connection, error) {
	return amqp.Dial("amqp://scheduler:F6Q3bvVosF7YzXoi@rabbit-legacy.brightloop.internal:5672/scheduler")
}
