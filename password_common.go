package switchboard

import "strings"

// commonPasswords holds the passwords attackers try first, folded as PasswordProblem compares
// them (lower case, no spaces): the head of the public lists of leaked passwords (RockYou, the
// UK NCSC's top 100,000, the yearly lists of password managers), words people build passwords
// on (names, teams, places, pet words) and this product's own name. It is ours to keep short:
// PasswordProblem also refuses these words with a few digits or symbols around them, and
// repetitions and sequences, so the list needs no "password1" or "123456789".
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(commonPasswordList) {
		m[w] = true
	}
	return m
}()

const commonPasswordList = `
password passwort motdepasse contraseña contrasena senha parola qweasd qweasdzxc zaqxsw iloveyou
iloveu loveyou iloveme lovely loveme love lover lovers mylove babygirl honey sweetheart sweetie
princess prince angel angels beautiful butterfly flower sunshine rainbow summer winter spring
autumn monkey dragon tiger lion eagle falcon dolphin panther bear wolf horse pony turtle kitty
kitten football baseball basketball soccer hockey golf tennis boxing racing yankees cowboys lakers
steelers packers eagles liverpool chelsea arsenal manchester manutd barcelona realmadrid juventus
milan inter bayern celtic rangers superman batman spiderman ironman starwars startrek pokemon
pikachu naruto matrix gandalf frodo hobbit michael jennifer jordan charlie daniel thomas jessica
ashley andrew joshua matthew robert william david richard nicole michelle amanda sophie chris
christian justin george harley maggie ginger buster buddy tigger shadow master hunter killer hello
welcome letmein trustno trustnoone whatever freedom secret admin administrator guest user login
testing tester demo default changeme change newpassword mypassword yourpassword computer internet
google facebook twitter instagram youtube microsoft apple samsung nokia windows linux ubuntu
mustang ferrari porsche corvette mercedes yamaha honda toyota chocolate cookie cookies cheese
orange cherry peaches pizza coffee jesus christ heaven blessed faith amen money dollar cash rich
millionaire london paris berlin madrid roma rome milano napoli newyork chicago america canada
australia brasil brazil italia italy france germany espana spain england hellokitty helloworld
helloo hithere letmeinnow openup opensesame access accessdenied blink fuckyou fuckoff asshole
bitch trustme believe morpheus superstar rockstar rocknroll metallica nirvana slipknot silver
golden gold diamond platinum purple yellow green blue black white pink princesa teamo tequiero
amor amore carino cutie sexy hottie nothing anything something everything forever always never
family friends friend bestfriend mother father sister brother student teacher school college
qwe123 zxc123 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y zaq1xsw2 zaq12wsx q1w2e3r4 q1w2e3r4t5 a1b2c3d4
a1b2c3 1234567891 12345678910 1234554321 1122334455 1472583690 5201314520 switchboard
switchboardhq helpdesk support customer customers inbox service alexander alexandra victoria
elizabeth stephanie samantha natasha anastasia
`
