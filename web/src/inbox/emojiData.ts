// The emoji the picker offers: a hand-picked table of the common ones, by category, each with the
// English words it is found by. A leading "+" marks an emoji that takes a skin tone. Only the
// picker's own chunk (EmojiPicker.tsx, loaded on first use) imports this file.
export const emojiCategories: { id: string; icon: string; list: string }[] = [
  {
    id: "smileys",
    icon: "😀",
    list: `😀 grinning face smile happy
😃 grinning face big eyes smile happy
😄 grinning face smiling eyes smile happy laugh
😁 beaming face grin
😆 grinning squinting face laugh
😅 grinning face sweat relief nervous
🤣 rolling on the floor laughing rofl lol
😂 face tears of joy laugh lol crying
🙂 slightly smiling face smile
🙃 upside down face silly sarcasm
😉 winking face wink
😊 smiling face blush happy
😇 smiling face halo angel innocent
🥰 smiling face hearts love adore
😍 heart eyes love crush
🤩 star struck excited wow
😘 face blowing kiss love
😗 kissing face
😋 face savoring food yum delicious
😛 face tongue playful
😜 winking face tongue crazy joke
🤪 zany face crazy goofy
😝 squinting face tongue
🤑 money mouth face rich
🤗 hugging face hug thanks
🤭 face hand over mouth oops giggle
🤫 shushing face quiet secret
🤔 thinking face hmm wonder
🤐 zipper mouth face secret
🤨 raised eyebrow skeptical doubt
😐 neutral face meh
😑 expressionless face
😶 face without mouth speechless
😏 smirking face smug
😒 unamused face annoyed
🙄 face rolling eyes whatever
😬 grimacing face awkward eek
😌 relieved face calm
😔 pensive face sad
😪 sleepy face tired
🤤 drooling face
😴 sleeping face zzz tired
😷 face medical mask sick ill
🤒 face thermometer sick fever
🤕 face head bandage hurt
🤢 nauseated face sick
🤮 face vomiting sick
🥵 hot face heat sweating
🥶 cold face freezing
🥴 woozy face dizzy drunk
😵 dizzy face
🤯 exploding head mind blown shocked
🤠 cowboy hat face
🥳 partying face party celebrate birthday
😎 smiling face sunglasses cool
🤓 nerd face geek
🧐 face monocle inspect
😕 confused face
😟 worried face
🙁 slightly frowning face sad
😮 face open mouth surprised wow
😯 hushed face surprised
😲 astonished face shocked
😳 flushed face embarrassed
🥺 pleading face puppy eyes please
😦 frowning face open mouth
😧 anguished face
😨 fearful face scared
😰 anxious face sweat nervous
😥 sad but relieved face
😢 crying face sad tear
😭 loudly crying face sob sad
😱 face screaming fear scared
😖 confounded face
😣 persevering face
😞 disappointed face sad
😓 downcast face sweat
😩 weary face tired
😫 tired face
🥱 yawning face bored tired
😤 face steam nose triumph frustrated
😡 pouting face angry rage
😠 angry face mad
🤬 face symbols mouth swearing cursing
😈 smiling face horns devil
💀 skull dead
💩 pile of poo
🤡 clown face
👻 ghost boo
👽 alien
🤖 robot bot
😺 grinning cat
😻 smiling cat heart eyes love
🙈 see no evil monkey
🙉 hear no evil monkey
🙊 speak no evil monkey
💋 kiss mark lips
💯 hundred points perfect score
💢 anger symbol
💥 collision boom
💫 dizzy stars
💦 sweat droplets water
💬 speech balloon chat message
💭 thought balloon
💤 zzz sleep`,
  },
  {
    id: "people",
    icon: "👋",
    list: `+👋 waving hand hello hi bye wave
+🤚 raised back of hand
+✋ raised hand stop high five
+🖖 vulcan salute
+👌 ok hand okay perfect
+🤌 pinched fingers
+🤏 pinching hand small little
+✌️ victory hand peace
+🤞 crossed fingers luck hope
+🤟 love you gesture
+🤘 sign of the horns rock
+🤙 call me hand phone
+👈 backhand index pointing left
+👉 backhand index pointing right
+👆 backhand index pointing up
+👇 backhand index pointing down
+☝️ index pointing up
+👍 thumbs up like yes approve good
+👎 thumbs down dislike no bad
+✊ raised fist
+👊 oncoming fist punch bump
+👏 clapping hands applause bravo congratulations
+🙌 raising hands hooray celebration
+👐 open hands
+🤲 palms up together
🤝 handshake deal agreement
+🙏 folded hands please thanks pray thank you
+✍️ writing hand write
+💪 flexed biceps strong muscle
🧠 brain smart
👀 eyes look see
+👶 baby
+🧒 child kid
+👦 boy
+👧 girl
+🧑 person adult
+👨 man
+👩 woman
+🧓 older person
+👴 old man
+👵 old woman
+🙋 person raising hand question
+🤷 person shrugging shrug dunno
+🤦 person facepalming facepalm
+🙅 person gesturing no
+🙆 person gesturing ok
+💁 person tipping hand information
+🙇 person bowing sorry
+🧑‍💻 technologist developer computer
+🧑‍💼 office worker business
+🧑‍🔧 mechanic repair
+🧑‍🍳 cook chef
+👮 police officer
+💃 woman dancing dance
+🕺 man dancing dance
+🏃 person running run hurry
+🚶 person walking walk
👪 family
👤 bust in silhouette user
👥 busts in silhouette users team`,
  },
  {
    id: "nature",
    icon: "🐶",
    list: `🐶 dog face puppy
🐱 cat face kitten
🐭 mouse face
🐰 rabbit face bunny
🦊 fox
🐻 bear
🐼 panda
🐨 koala
🐯 tiger face
🦁 lion
🐮 cow face
🐷 pig face
🐸 frog
🐵 monkey face
🐔 chicken
🐧 penguin
🐦 bird
🦆 duck
🦉 owl
🐴 horse face
🦄 unicorn
🐝 honeybee bee
🐛 bug
🦋 butterfly
🐌 snail slow
🐢 turtle slow
🐍 snake
🐙 octopus
🐟 fish
🐬 dolphin
🐳 spouting whale
🦈 shark
🐘 elephant
🦒 giraffe
🐕 dog
🐈 cat
💐 bouquet flowers
🌸 cherry blossom flower
🌹 rose flower
🌻 sunflower
🌷 tulip
🌱 seedling plant grow
🌲 evergreen tree
🌳 deciduous tree
🌴 palm tree
🌵 cactus
🍀 four leaf clover luck
🍁 maple leaf autumn
🍂 fallen leaf
🌍 globe europe africa world earth
🌎 globe americas world earth
🌏 globe asia australia world earth
🌙 crescent moon night
☀️ sun sunny weather
⭐ star
🌟 glowing star
⚡ high voltage lightning
🔥 fire hot lit
🌈 rainbow
☁️ cloud weather
🌧️ cloud rain weather
⛈️ cloud lightning rain storm
❄️ snowflake snow cold winter
☃️ snowman winter
💧 droplet water
🌊 water wave ocean sea`,
  },
  {
    id: "food",
    icon: "🍕",
    list: `🍏 green apple
🍎 red apple
🍐 pear
🍊 tangerine orange
🍋 lemon
🍌 banana
🍉 watermelon
🍇 grapes
🍓 strawberry
🍒 cherries
🍑 peach
🥭 mango
🍍 pineapple
🥥 coconut
🥝 kiwi fruit
🍅 tomato
🥑 avocado
🥦 broccoli
🥕 carrot
🌽 ear of corn
🌶️ hot pepper chili spicy
🥔 potato
🥐 croissant
🍞 bread
🧀 cheese wedge
🥚 egg
🍳 cooking fried egg
🥞 pancakes
🥓 bacon
🍗 poultry leg chicken
🍔 hamburger burger
🍟 french fries
🍕 pizza
🌭 hot dog
🥪 sandwich
🌮 taco
🌯 burrito
🥗 green salad
🍝 spaghetti pasta
🍜 steaming bowl noodles ramen
🍣 sushi
🍱 bento box
🍚 cooked rice
🍦 soft ice cream
🍩 doughnut donut
🍪 cookie
🎂 birthday cake
🍰 shortcake cake
🧁 cupcake
🍫 chocolate bar
🍬 candy sweet
🍿 popcorn
☕ hot beverage coffee tea
🍵 teacup tea
🥤 cup with straw soda
🍺 beer mug
🍻 clinking beer mugs cheers
🥂 clinking glasses cheers celebrate toast
🍷 wine glass
🍸 cocktail glass
🍾 bottle popping cork champagne celebrate
🍴 fork and knife restaurant`,
  },
  {
    id: "travel",
    icon: "✈️",
    list: `🚗 automobile car
🚕 taxi cab
🚌 bus
🚑 ambulance
🚒 fire engine
🚓 police car
🚚 delivery truck shipping
🚛 articulated lorry truck
🚲 bicycle bike
🛵 motor scooter
🏍️ motorcycle
🚂 locomotive train
🚆 train
🚇 metro subway
✈️ airplane plane flight travel
🛫 airplane departure
🛬 airplane arrival
🚀 rocket launch fast
🚁 helicopter
⛵ sailboat
🚢 ship
⚓ anchor
⛽ fuel pump gas
🚧 construction work
🚦 vertical traffic light
🗺️ world map
🧭 compass
🏔️ snow capped mountain
🏖️ beach umbrella
🏝️ desert island
🏠 house home
🏡 house with garden home
🏢 office building work
🏥 hospital
🏦 bank
🏨 hotel
🏪 convenience store shop
🏫 school
🏬 department store shop
🏭 factory
🏰 castle
🗼 tokyo tower
🗽 statue of liberty
⛪ church
🌆 cityscape at dusk city
🌃 night with stars city
⏰ alarm clock time
⏳ hourglass waiting time
⌛ hourglass done time
🕐 one oclock time
📍 round pushpin location place
📌 pushpin pin`,
  },
  {
    id: "activities",
    icon: "⚽",
    list: `🎉 party popper celebrate congratulations tada
🎊 confetti ball celebrate
🎈 balloon party birthday
🎁 wrapped gift present
🎀 ribbon
🎄 christmas tree
🎃 jack o lantern halloween
🎆 fireworks
✨ sparkles shiny new
🎗️ reminder ribbon
🎟️ admission tickets
🎫 ticket
🏆 trophy winner award
🏅 sports medal
🥇 first place medal gold
🥈 second place medal silver
🥉 third place medal bronze
⚽ soccer ball football
⚾ baseball
🏀 basketball
🏐 volleyball
🏈 american football
🎾 tennis
🎳 bowling
🏓 ping pong table tennis
⛳ flag in hole golf
🎣 fishing pole
🎿 skis
🏋️ person lifting weights gym
🚴 person biking cycling
🏊 person swimming swim
🧘 person lotus position yoga
🎮 video game controller gaming
🎲 game die dice
🧩 puzzle piece
♟️ chess pawn
🎯 direct hit target bullseye
🎨 artist palette art
🎬 clapper board movie film
🎤 microphone sing karaoke
🎧 headphone music
🎵 musical note music
🎶 musical notes music
🎸 guitar
🎹 musical keyboard piano
🥁 drum`,
  },
  {
    id: "objects",
    icon: "💡",
    list: `📱 mobile phone cell smartphone
📞 telephone receiver phone call
☎️ telephone phone
💻 laptop computer
🖥️ desktop computer
⌨️ keyboard
🖨️ printer print
🖱️ computer mouse
💾 floppy disk save
📷 camera photo
📹 video camera
📺 television tv
📻 radio
🔋 battery
🔌 electric plug
💡 light bulb idea
🔦 flashlight
🕯️ candle
💸 money with wings spend
💵 dollar banknote money cash
💶 euro banknote money
💳 credit card payment
🧾 receipt invoice
💰 money bag
💎 gem stone diamond
🧰 toolbox
🔧 wrench tool fix
🔨 hammer tool
🛠️ hammer and wrench tools
⚙️ gear settings
🔗 link chain
🧲 magnet
🔒 locked lock secure
🔓 unlocked open
🔑 key password
🚪 door
🛒 shopping cart buy
📦 package box parcel shipping delivery
📫 closed mailbox with raised flag mail
📬 open mailbox mail
📮 postbox mail
✉️ envelope mail email letter
📧 e-mail email
📨 incoming envelope mail
📩 envelope with arrow mail send
📝 memo note write
📄 page facing up document
📃 page with curl document
📑 bookmark tabs
📊 bar chart stats
📈 chart increasing growth up
📉 chart decreasing down
📅 calendar date
📆 tear off calendar date
🗓️ spiral calendar schedule
📋 clipboard
📁 file folder
📂 open file folder
📎 paperclip attachment
✂️ scissors cut
🖊️ pen
✏️ pencil edit
🔍 magnifying glass search find
🔔 bell notification
🔕 bell with slash mute
📣 megaphone announcement
📢 loudspeaker announcement
💊 pill medicine
🩺 stethoscope doctor
🧹 broom clean
🧼 soap
🛏️ bed
🪑 chair
👓 glasses
👕 t-shirt shirt clothes
👗 dress
👟 running shoe sneaker
👜 handbag bag
🎒 backpack
⌚ watch time
🏷️ label tag price`,
  },
  {
    id: "symbols",
    icon: "❤️",
    list: `❤️ red heart love
🧡 orange heart
💛 yellow heart
💚 green heart
💙 blue heart
💜 purple heart
🖤 black heart
🤍 white heart
🤎 brown heart
💔 broken heart sad
❣️ heart exclamation
💕 two hearts love
💞 revolving hearts
💓 beating heart
💗 growing heart
💖 sparkling heart
💘 heart with arrow cupid
💝 heart with ribbon gift
✅ check mark button done yes ok
☑️ check box with check
✔️ check mark done
❌ cross mark no wrong cancel
❎ cross mark button
➕ plus add
➖ minus
➗ divide
❓ red question mark
❔ white question mark
❗ red exclamation mark important
❕ white exclamation mark
‼️ double exclamation mark
⁉️ exclamation question mark
⚠️ warning caution alert
🚫 prohibited forbidden no
⛔ no entry stop
⭕ hollow red circle
🛑 stop sign
🔴 red circle
🟠 orange circle
🟡 yellow circle
🟢 green circle
🔵 blue circle
🟣 purple circle
⚫ black circle
⚪ white circle
🔺 red triangle pointed up
🔻 red triangle pointed down
➡️ right arrow
⬅️ left arrow
⬆️ up arrow
⬇️ down arrow
↩️ right arrow curving left reply back
🔄 counterclockwise arrows button refresh repeat
🔁 repeat button
🔃 clockwise vertical arrows reload
🆕 new button
🆗 ok button
🆘 sos button help
🆓 free button
ℹ️ information info
🔞 no one under eighteen
♻️ recycling symbol
💲 heavy dollar sign money
©️ copyright
®️ registered
™️ trade mark
#️⃣ keycap number sign hash
0️⃣ keycap 0 zero
1️⃣ keycap 1 one
2️⃣ keycap 2 two
3️⃣ keycap 3 three
4️⃣ keycap 4 four
5️⃣ keycap 5 five
🔟 keycap 10 ten
🎵 musical note
➰ curly loop
〰️ wavy dash
🔅 dim button
🔆 bright button
📶 antenna bars signal
🕒 three oclock time`,
  },
  {
    id: "flags",
    icon: "🏁",
    list: `🏁 chequered flag finish race
🚩 triangular flag red flag
🏳️ white flag surrender
🏴 black flag
🏳️‍🌈 rainbow flag pride
🇺🇳 flag united nations
🇪🇺 flag european union eu
🇺🇸 flag united states usa us america
🇬🇧 flag united kingdom uk britain
🇨🇦 flag canada
🇲🇽 flag mexico
🇧🇷 flag brazil brasil
🇦🇷 flag argentina
🇨🇱 flag chile
🇨🇴 flag colombia
🇵🇪 flag peru
🇮🇹 flag italy italia
🇪🇸 flag spain españa
🇫🇷 flag france
🇵🇹 flag portugal
🇩🇪 flag germany deutschland
🇳🇱 flag netherlands
🇧🇪 flag belgium
🇨🇭 flag switzerland
🇦🇹 flag austria
🇮🇪 flag ireland
🇸🇪 flag sweden
🇳🇴 flag norway
🇩🇰 flag denmark
🇫🇮 flag finland
🇵🇱 flag poland
🇬🇷 flag greece
🇹🇷 flag turkey
🇺🇦 flag ukraine
🇷🇺 flag russia
🇮🇳 flag india
🇨🇳 flag china
🇯🇵 flag japan
🇰🇷 flag south korea
🇦🇺 flag australia
🇳🇿 flag new zealand
🇿🇦 flag south africa
🇳🇬 flag nigeria
🇪🇬 flag egypt
🇲🇦 flag morocco
🇦🇴 flag angola
🇲🇿 flag mozambique
🇸🇦 flag saudi arabia
🇦🇪 flag united arab emirates
🇮🇱 flag israel`,
  },
];
