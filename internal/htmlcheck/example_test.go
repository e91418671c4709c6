package htmlcheck_test

import (
	"fmt"

	"recoverycms/internal/htmlcheck"
)

func ExampleViolations() {
	for _, v := range htmlcheck.Violations(`<p onclick="steal()">Hi <a href="java&#x09;script:alert(1)">there</a></p>`) {
		fmt.Println(v)
	}
	fmt.Println(len(htmlcheck.Violations(`<h2 id="h-location">Location</h2>`)))
	// Output:
	// <p> has event handler attribute onclick="steal()"
	// <a href="java\tscript:alert(1)"> uses URL scheme "javascript"
	// 0
}
